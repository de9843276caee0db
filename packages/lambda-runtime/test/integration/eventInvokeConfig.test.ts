import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  DeleteFunctionEventInvokeConfigCommand, GetAccountSettingsCommand, GetFunctionEventInvokeConfigCommand, InvokeCommand,
  ListFunctionEventInvokeConfigsCommand, PutFunctionConcurrencyCommand, PutFunctionEventInvokeConfigCommand, UpdateFunctionEventInvokeConfigCommand,
} from '@aws-sdk/client-lambda';
import { startLambdaTestServer, TEST_ACCOUNT, type LambdaTestServer } from '../support/lambdaTestServer.js';
import { createFunction } from '../support/functions.js';
import { rejectionOf } from '../support/rejection.js';

describe('event invoke config and account settings', () => {
  let server: LambdaTestServer;
  beforeAll(async () => {
    server = await startLambdaTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('stores, updates, lists and deletes an event invoke config', async () => {
    const client = server.client();
    await createFunction(client, 'eic-crud', { 'index.js': 'exports.handler = async () => 1;' });
    const missing = await rejectionOf(client.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'eic-crud' })));
    expect(missing.name).toBe('ResourceNotFoundException');
    expect(missing.message).toBe(`The function arn:aws:lambda:us-east-1:${TEST_ACCOUNT}:function:eic-crud:$LATEST doesn't have an EventInvokeConfig`);
    const put = await client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'eic-crud', MaximumRetryAttempts: 1, MaximumEventAgeInSeconds: 120 }));
    expect(put).toMatchObject({ MaximumRetryAttempts: 1, MaximumEventAgeInSeconds: 120, FunctionArn: `arn:aws:lambda:us-east-1:${TEST_ACCOUNT}:function:eic-crud:$LATEST` });
    expect(put.LastModified).toBeInstanceOf(Date);
    const updated = await client.send(new UpdateFunctionEventInvokeConfigCommand({ FunctionName: 'eic-crud', MaximumRetryAttempts: 0 }));
    expect(updated).toMatchObject({ MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 120 });
    expect((await client.send(new ListFunctionEventInvokeConfigsCommand({ FunctionName: 'eic-crud' }))).FunctionEventInvokeConfigs).toHaveLength(1);
    const invalid = await rejectionOf(client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'eic-crud', MaximumRetryAttempts: 3 })));
    expect(invalid.name).toBe('ValidationException');
    await client.send(new DeleteFunctionEventInvokeConfigCommand({ FunctionName: 'eic-crud' }));
    expect((await rejectionOf(client.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'eic-crud' })))).name).toBe('ResourceNotFoundException');
  });

  it('retries a failing event only MaximumRetryAttempts times', async () => {
    const client = server.client();
    await createFunction(client, 'eic-retries', { 'index.js': 'exports.handler = async (event) => { console.log("attempt", event.id); throw new Error("fails"); };' });
    await client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'eic-retries', MaximumRetryAttempts: 0 }));
    await client.send(new InvokeCommand({ FunctionName: 'eic-retries', InvocationType: 'Event', Payload: Buffer.from('{"id":"once"}') }));
    const attempts = () => server.service.tailLogs('tenant-a', 'eic-retries').filter((line) => line.message.includes('attempt once')).length;
    const deadline = Date.now() + 25_000; // generous: a loaded CI machine is slow to start workers
    while (attempts() < 1 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    // The test server retries after 50 ms: give a retry time to happen if it wrongly would.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(attempts()).toBe(1);
  });

  it('reports the node\'s concurrency and the tenant\'s usage in GetAccountSettings', async () => {
    const client = server.client('tenant-settings');
    await createFunction(client, 'settings-fn', { 'index.js': 'exports.handler = async () => 1;' });
    await client.send(new PutFunctionConcurrencyCommand({ FunctionName: 'settings-fn', ReservedConcurrentExecutions: 4 }));
    const settings = await client.send(new GetAccountSettingsCommand({}));
    expect(settings.AccountUsage?.FunctionCount).toBe(1);
    expect(settings.AccountUsage?.TotalCodeSize).toBeGreaterThan(0);
    expect(settings.AccountLimit?.ConcurrentExecutions).toBe(64);
    expect(settings.AccountLimit?.UnreservedConcurrentExecutions).toBe(60);
    expect(settings.AccountLimit?.CodeSizeZipped).toBe(52428800);
  });
});
