import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startLambdaTestServer, type LambdaTestServer } from '../support/lambdaTestServer.js';
import { createFunction, invokeJson } from '../support/functions.js';

/**
 * Function code that does not bundle the AWS SDK finds the node's, as on Lambda's Node.js
 * runtimes, and the SDK's default configuration reaches this node with the tenant's credentials.
 */
describe('AWS SDK inside functions', () => {
  let server: LambdaTestServer;
  beforeAll(async () => {
    server = await startLambdaTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('lets CommonJS code require @aws-sdk/* and call the node with no configuration', async () => {
    const client = server.client('tenant-sdk');
    await createFunction(client, 'sdk-cjs', {
      'index.js': `const { LambdaClient, ListFunctionsCommand } = require('@aws-sdk/client-lambda');
        const { DynamoDBClient, ListTablesCommand } = require('@aws-sdk/client-dynamodb');
        exports.handler = async () => {
          const listed = await new LambdaClient({}).send(new ListFunctionsCommand({}));
          const tables = await new DynamoDBClient({}).send(new ListTablesCommand({}));
          return { names: listed.Functions.map((f) => f.FunctionName), tables: tables.TableNames, endpoint: process.env.AWS_ENDPOINT_URL };
        };`,
    }, { Timeout: 10 });
    const { output, payload } = await invokeJson(client, 'sdk-cjs');
    expect(output.FunctionError).toBeUndefined();
    expect(payload).toEqual({ names: ['sdk-cjs'], tables: ['table-of-tenant-sdk'], endpoint: server.endpoint });
  });

  it('lets ES module code import @aws-sdk/* (NODE_PATH does not apply to import)', async () => {
    const client = server.client('tenant-sdk-esm');
    await createFunction(client, 'sdk-esm', {
      'index.mjs': `import { LambdaClient, GetFunctionCommand } from '@aws-sdk/client-lambda';
        import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
        export const handler = async (event, context) => {
          const got = await new LambdaClient({}).send(new GetFunctionCommand({ FunctionName: context.functionName }));
          return { name: got.Configuration.FunctionName, documentClient: typeof DynamoDBDocumentClient.from };
        };`,
    }, { Timeout: 10 });
    const { output, payload } = await invokeJson(client, 'sdk-esm');
    expect(output.FunctionError).toBeUndefined();
    expect(payload).toEqual({ name: 'sdk-esm', documentClient: 'function' });
  });

  it('prefers an SDK the function bundles itself', async () => {
    const client = server.client();
    await createFunction(client, 'sdk-bundled', {
      'node_modules/@aws-sdk/client-dynamodb/package.json': '{"name":"@aws-sdk/client-dynamodb","main":"index.js"}',
      'node_modules/@aws-sdk/client-dynamodb/index.js': 'exports.bundled = true;',
      'index.js': 'exports.handler = async () => require("@aws-sdk/client-dynamodb").bundled === true;',
    });
    expect((await invokeJson(client, 'sdk-bundled')).payload).toBe(true);
  });
});
