import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AddPermissionCommand, GetPolicyCommand, RemovePermissionCommand } from '@aws-sdk/client-lambda';
import { startLambdaTestServer, TEST_ACCOUNT, type LambdaTestServer } from '../support/lambdaTestServer.js';
import { createFunction } from '../support/functions.js';
import { rejectionOf } from '../support/rejection.js';

describe('resource policy (stored for deployment tools, not enforced)', () => {
  let server: LambdaTestServer;
  beforeAll(async () => {
    server = await startLambdaTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('adds, reads and removes permission statements', async () => {
    const client = server.client();
    await createFunction(client, 'policy-fn', { 'index.js': 'exports.handler = async () => 1;' });
    const none = await rejectionOf(client.send(new GetPolicyCommand({ FunctionName: 'policy-fn' })));
    expect(none.name).toBe('ResourceNotFoundException');
    const added = await client.send(new AddPermissionCommand({ FunctionName: 'policy-fn', StatementId: 'public-url', Action: 'lambda:InvokeFunctionUrl', Principal: '*', FunctionUrlAuthType: 'NONE' }));
    expect(added.$metadata.httpStatusCode).toBe(201);
    expect(JSON.parse(added.Statement!)).toEqual({
      Sid: 'public-url', Effect: 'Allow', Principal: '*', Action: 'lambda:InvokeFunctionUrl',
      Resource: `arn:aws:lambda:us-east-1:${TEST_ACCOUNT}:function:policy-fn`, Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'NONE' } },
    });
    const duplicate = await rejectionOf(client.send(new AddPermissionCommand({ FunctionName: 'policy-fn', StatementId: 'public-url', Action: 'lambda:InvokeFunction', Principal: '*' })));
    expect(duplicate.name).toBe('ResourceConflictException');
    await client.send(new AddPermissionCommand({ FunctionName: 'policy-fn', StatementId: 's3', Action: 'lambda:InvokeFunction', Principal: 's3.amazonaws.com', SourceArn: 'arn:aws:s3:::bucket' }));
    const policy = JSON.parse((await client.send(new GetPolicyCommand({ FunctionName: 'policy-fn' }))).Policy!);
    expect(policy.Statement.map((statement: { Sid: string }) => statement.Sid)).toEqual(['public-url', 's3']);
    expect(policy.Statement[1].Principal).toEqual({ Service: 's3.amazonaws.com' });
    await client.send(new RemovePermissionCommand({ FunctionName: 'policy-fn', StatementId: 'public-url' }));
    const missing = await rejectionOf(client.send(new RemovePermissionCommand({ FunctionName: 'policy-fn', StatementId: 'public-url' })));
    expect(missing.message).toBe('Statement public-url is not found in resource policy.');
  });
});
