import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { GetFunctionCommand, LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { startNode, type RunningNode } from '@kuhiro/edge-node';
import { callDynamoDb } from '../helpers/dynamoDbClient.js';
import { jsonOf, rawRequest } from '../helpers/httpClient.js';
import { makeTempDir } from '../helpers/tempDir.js';
import { createTableInput } from '../helpers/tableInput.js';

const silent = { error() {}, warn() {}, info() {}, debug() {}, isEnabled: () => false };
const aliceKey1 = { accessKeyId: 'AKIDALICE1', secretAccessKey: 'alice-secret-1' };
const aliceKey2 = { accessKeyId: 'AKIDALICE2', secretAccessKey: 'alice-secret-2' };
const bobKey = { accessKeyId: 'AKIDBOB', secretAccessKey: 'bob-secret' };

describe('a node with a credentials file', () => {
  let node: RunningNode;
  let dir: Awaited<ReturnType<typeof makeTempDir>>;

  beforeAll(async () => {
    dir = await makeTempDir();
    const credentialsFile = join(dir.path, 'credentials.json');
    await writeFile(
      credentialsFile,
      JSON.stringify({
        accounts: [
          { accountId: '111111111111', name: 'alice', keys: [aliceKey1, aliceKey2] },
          { accountId: '222222222222', name: 'bob', keys: [bobKey] },
        ],
      }),
    );
    node = await startNode({ port: 0, dataDir: join(dir.path, 'data'), credentialsFile }, { log: silent });
  });
  afterAll(async () => {
    await node?.close();
    await dir?.remove();
  });

  it('refuses an unknown access key with UnrecognizedClientException', async () => {
    const res = await callDynamoDb(node.url, { accessKeyId: 'AKIDMALLORY', secretAccessKey: 'x' }, 'ListTables', {});
    expect(res.status).toBe(400);
    expect(jsonOf(res)).toEqual({
      __type: 'com.amazon.coral.service#UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
    });
  });

  it('refuses a known key with the wrong secret with InvalidSignatureException', async () => {
    const res = await callDynamoDb(node.url, { ...bobKey, secretAccessKey: 'guess' }, 'ListTables', {});
    expect(res.status).toBe(400);
    expect(jsonOf(res)).toEqual({
      __type: 'com.amazon.coral.service#InvalidSignatureException',
      message:
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    });
  });

  it('keeps each account in its own namespace; keys of one account share it', async () => {
    expect((await callDynamoDb(node.url, aliceKey1, 'CreateTable', createTableInput('orders'))).status).toBe(200);
    expect(jsonOf(await callDynamoDb(node.url, aliceKey2, 'ListTables', {})).TableNames).toEqual(['orders']);
    expect(jsonOf(await callDynamoDb(node.url, bobKey, 'ListTables', {})).TableNames).toEqual([]);
    // Bob may create a table of the same name: it is a different table.
    expect((await callDynamoDb(node.url, bobKey, 'CreateTable', createTableInput('orders'))).status).toBe(200);
    const described = jsonOf(await callDynamoDb(node.url, bobKey, 'DescribeTable', { TableName: 'orders' }));
    expect((described.Table as { TableArn: string }).TableArn).toContain(':222222222222:');
  });

  it('verifies requests signed by the AWS SDK for JavaScript v3', async () => {
    const client = new DynamoDBClient({ endpoint: node.url, region: 'us-east-1', credentials: aliceKey1 });
    try {
      const out = await client.send(new ListTablesCommand({}));
      expect(out.TableNames).toEqual(['orders']);
      const wrong = new DynamoDBClient({ endpoint: node.url, region: 'us-east-1', credentials: { ...aliceKey1, secretAccessKey: 'nope' }, maxAttempts: 1 });
      await expect(wrong.send(new ListTablesCommand({}))).rejects.toMatchObject({ name: 'InvalidSignatureException' });
      wrong.destroy();
    } finally {
      client.destroy();
    }
  });

  it('authenticates the Lambda API with the same accounts (SDK v3 LambdaClient)', async () => {
    const client = new LambdaClient({ endpoint: node.url, region: 'us-east-1', credentials: bobKey, maxAttempts: 1 });
    const wrong = new LambdaClient({ endpoint: node.url, region: 'us-east-1', credentials: { ...bobKey, secretAccessKey: 'guess' }, maxAttempts: 1 });
    const stranger = new LambdaClient({ endpoint: node.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDMALLORY', secretAccessKey: 'x' }, maxAttempts: 1 });
    try {
      expect((await client.send(new ListFunctionsCommand({}))).Functions).toEqual([]);
      // An ARN in the path is sent %-encoded and signed double-encoded; a 404 proves the signature passed.
      await expect(
        client.send(new GetFunctionCommand({ FunctionName: 'arn:aws:lambda:us-east-1:222222222222:function:none' })),
      ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
      await expect(wrong.send(new ListFunctionsCommand({}))).rejects.toMatchObject({
        name: 'InvalidSignatureException',
        $metadata: { httpStatusCode: 403 },
      });
      await expect(stranger.send(new ListFunctionsCommand({}))).rejects.toMatchObject({
        name: 'UnrecognizedClientException',
        message: 'The security token included in the request is invalid.',
      });
    } finally {
      client.destroy();
      wrong.destroy();
      stranger.destroy();
    }
  });

  it('serves function URLs without SigV4 (AuthType NONE is public)', async () => {
    const res = await rawRequest(node.url, { method: 'GET', path: '/lambda-url/no-such-url-id/' });
    // Reaches lambda-runtime's URL router, which answers an unknown URL id as AWS does (404).
    expect(res.status).toBe(404);
    expect(res.headers['x-amzn-errortype']).toBeUndefined();
  });
});
