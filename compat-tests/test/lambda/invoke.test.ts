import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { expectAwsError } from '@kuhiro/compat-tests';
import { startLambdaTarget, type LambdaTarget } from './lambdaTarget.js';

const SLOW = 300_000;
let t: LambdaTarget;

beforeAll(async () => {
  t = await startLambdaTarget();
}, SLOW);
afterAll(async () => t?.stop(), SLOW);

describe('Invoke', () => {
  it('gives the handler Lambda\'s context and environment', async () => {
    const name = await t.createFunction('context', {
      'index.js': `exports.handler = async (event, context) => ({
        functionName: context.functionName, functionVersion: context.functionVersion, memoryLimitInMB: context.memoryLimitInMB,
        invokedFunctionArn: context.invokedFunctionArn, logGroupName: context.logGroupName, requestIdMatches: /^[0-9a-f-]{36}$/.test(context.awsRequestId),
        remainingPositive: context.getRemainingTimeInMillis() > 0, clientContext: context.clientContext,
        env: { name: process.env.AWS_LAMBDA_FUNCTION_NAME, version: process.env.AWS_LAMBDA_FUNCTION_VERSION, memory: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
          handler: process.env._HANDLER, region: process.env.AWS_REGION, taskRootSet: Boolean(process.env.LAMBDA_TASK_ROOT) },
      });`,
    });
    const clientContext = Buffer.from(JSON.stringify({ custom: { user: 'u1' } })).toString('base64');
    const { payload } = await t.invoke({ FunctionName: name, ClientContext: clientContext });
    expect(payload).toMatchObject({
      functionName: name, functionVersion: '$LATEST', memoryLimitInMB: '128', invokedFunctionArn: `arn:aws:lambda:${t.target.region}:${t.accountId}:function:${name}`,
      logGroupName: `/aws/lambda/${name}`, requestIdMatches: true, remainingPositive: true,
      env: { name, version: '$LATEST', memory: '128', handler: 'index.handler', region: t.target.region, taskRootSet: true },
    });
    expect((payload as { clientContext: { custom: unknown } }).clientContext.custom).toEqual({ user: 'u1' });
  }, SLOW);

  it('reports a handler error as FunctionError Unhandled with errorType, errorMessage and trace', async () => {
    const name = await t.createFunction('throws', { 'index.js': 'exports.handler = async () => { null.x; };' });
    const { output, payload } = await t.invoke({ FunctionName: name });
    expect(output.StatusCode).toBe(200);
    expect(output.FunctionError).toBe('Unhandled');
    expect(payload).toMatchObject({ errorType: 'TypeError', errorMessage: "Cannot read properties of null (reading 'x')" });
    expect(Array.isArray((payload as { trace: unknown }).trace)).toBe(true);
  }, SLOW);

  it('returns the log tail with START, END and REPORT for LogType Tail', async () => {
    const name = await t.createFunction('logs', { 'index.js': 'exports.handler = async () => { console.log("hello from compat"); return 1; };' });
    const { output, log } = await t.invoke({ FunctionName: name, LogType: 'Tail' });
    const requestId = output.$metadata.requestId;
    expect(log).toContain(`START RequestId: ${requestId} Version: $LATEST`);
    expect(log).toMatch(new RegExp(`\\t${requestId}\\tINFO\\thello from compat`));
    expect(log).toContain(`END RequestId: ${requestId}`);
    expect(log).toMatch(new RegExp(`REPORT RequestId: ${requestId}\\tDuration: [\\d.]+ ms\\tBilled Duration: \\d+ ms\\tMemory Size: 128 MB`));
  }, SLOW);

  it('times out with Sandbox.Timedout', async () => {
    const name = await t.createFunction('timeout', { 'index.js': 'exports.handler = async () => { await new Promise(() => setTimeout(() => {}, 60000)); };' }, { Timeout: 1 });
    const { output, payload } = await t.invoke({ FunctionName: name });
    expect(output.FunctionError).toBe('Unhandled');
    expect(payload).toMatchObject({ errorType: 'Sandbox.Timedout', errorMessage: expect.stringContaining('Task timed out after 1.00 seconds') });
  }, SLOW);

  it('answers DryRun with 204 and Event with 202', async () => {
    const name = await t.createFunction('types', { 'index.js': 'exports.handler = async () => 1;' });
    expect((await t.lambda.send(new InvokeCommand({ FunctionName: name, InvocationType: 'DryRun' }))).StatusCode).toBe(204);
    expect((await t.lambda.send(new InvokeCommand({ FunctionName: name, InvocationType: 'Event', Payload: Buffer.from('{}') }))).StatusCode).toBe(202);
  }, SLOW);

  it('refuses a RequestResponse payload over 6 MB with RequestTooLargeException', async () => {
    const name = await t.createFunction('limit', { 'index.js': 'exports.handler = async () => 1;' });
    const payload = Buffer.from(JSON.stringify({ pad: 'x'.repeat(6 * 1024 * 1024) }));
    const error = await expectAwsError(t.lambda.send(new InvokeCommand({ FunctionName: name, Payload: payload })), 'RequestTooLargeException');
    expect(error.$metadata?.httpStatusCode).toBe(413);
  }, SLOW);
});
