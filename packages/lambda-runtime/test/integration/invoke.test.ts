import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { startLambdaTestServer, TEST_ACCOUNT, type LambdaTestServer } from '../support/lambdaTestServer.js';
import { createFunction, decodeLog, invokeJson } from '../support/functions.js';
import { rejectionOf } from '../support/rejection.js';

describe('Invoke', () => {
  let server: LambdaTestServer;
  beforeAll(async () => {
    server = await startLambdaTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('gives the handler the full context and Lambda\'s environment variables', async () => {
    const client = server.client();
    await createFunction(client, 'inv-context', {
      'index.js': `exports.handler = async (event, context) => ({
        event,
        awsRequestId: context.awsRequestId, functionName: context.functionName, functionVersion: context.functionVersion,
        invokedFunctionArn: context.invokedFunctionArn, memoryLimitInMB: context.memoryLimitInMB, logGroupName: context.logGroupName,
        logStreamName: context.logStreamName, remaining: context.getRemainingTimeInMillis(), waits: context.callbackWaitsForEmptyEventLoop,
        clientContext: context.clientContext,
        env: Object.fromEntries(['AWS_LAMBDA_FUNCTION_NAME', 'AWS_LAMBDA_FUNCTION_VERSION', 'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', '_HANDLER',
          'AWS_REGION', 'AWS_DEFAULT_REGION', 'LAMBDA_TASK_ROOT', 'AWS_LAMBDA_LOG_GROUP_NAME', 'AWS_EXECUTION_ENV', 'MY_SETTING'].map((k) => [k, process.env[k]])),
        cwd: process.cwd(),
      });`,
    }, { MemorySize: 192, Timeout: 5, Environment: { Variables: { MY_SETTING: 'on' } } });
    const clientContext = Buffer.from(JSON.stringify({ custom: { user: 'u1' }, client: { app_title: 'shop' } })).toString('base64');
    const { output, payload } = await invokeJson(client, 'inv-context', { hello: 'world' }, { ClientContext: clientContext });
    expect(output.StatusCode).toBe(200);
    expect(output.FunctionError).toBeUndefined();
    expect(output.ExecutedVersion).toBe('$LATEST');
    const result = payload as Record<string, any>;
    expect(result.event).toEqual({ hello: 'world' });
    expect(result.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result).toMatchObject({
      functionName: 'inv-context', functionVersion: '$LATEST', invokedFunctionArn: `arn:aws:lambda:us-east-1:${TEST_ACCOUNT}:function:inv-context`,
      memoryLimitInMB: '192', logGroupName: '/aws/lambda/inv-context', waits: true, clientContext: { custom: { user: 'u1' }, client: { app_title: 'shop' } },
    });
    expect(result.logStreamName).toMatch(/^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/);
    expect(result.remaining).toBeGreaterThan(3000);
    expect(result.remaining).toBeLessThanOrEqual(5000);
    expect(result.env).toMatchObject({
      AWS_LAMBDA_FUNCTION_NAME: 'inv-context', AWS_LAMBDA_FUNCTION_VERSION: '$LATEST', AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '192', _HANDLER: 'index.handler',
      AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'us-east-1', AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/inv-context', AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x', MY_SETTING: 'on',
    });
    expect(result.cwd).toBe(result.env.LAMBDA_TASK_ROOT);
  });

  it('reports a thrown error as Unhandled with its class name, message and trace', async () => {
    const client = server.client();
    await createFunction(client, 'inv-throws', {
      'index.js': `class OutOfStock extends Error { constructor(m) { super(m); this.name = 'OutOfStock'; } }
        exports.handler = async (event) => { if (event.kind === 'type') null.x; throw new OutOfStock('no more socks'); };`,
    });
    const custom = await invokeJson(client, 'inv-throws', { kind: 'custom' });
    expect(custom.output.StatusCode).toBe(200);
    expect(custom.output.FunctionError).toBe('Unhandled');
    expect(custom.payload).toMatchObject({ errorType: 'OutOfStock', errorMessage: 'no more socks' });
    expect((custom.payload as { trace: string[] }).trace[0]).toBe('OutOfStock: no more socks');
    const typeError = await invokeJson(client, 'inv-throws', { kind: 'type' });
    expect(typeError.payload).toMatchObject({ errorType: 'TypeError', errorMessage: "Cannot read properties of null (reading 'x')" });
  });

  it('returns the last 4 KB of the log with START, END and REPORT lines for LogType Tail', async () => {
    const client = server.client();
    await createFunction(client, 'inv-logs', {
      'index.js': 'exports.handler = async (event) => { console.log("processing", event.id); console.error("careful"); console.log("x".repeat(event.big ?? 0)); return "done"; };',
    });
    const { output, payload } = await invokeJson(client, 'inv-logs', { id: 7 }, { LogType: 'Tail' });
    expect(payload).toBe('done');
    const log = decodeLog(output.LogResult);
    const requestId = output.$metadata.requestId!;
    expect(log).toMatch(new RegExp(`^START RequestId: ${requestId} Version: \\$LATEST\\n`));
    expect(log).toMatch(new RegExp(`\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\t${requestId}\\tINFO\\tprocessing 7\\n`));
    expect(log).toContain(`\t${requestId}\tERROR\tcareful\n`);
    expect(log).toContain(`END RequestId: ${requestId}\n`);
    expect(log).toMatch(new RegExp(`REPORT RequestId: ${requestId}\\tDuration: [\\d.]+ ms\\tBilled Duration: \\d+ ms\\tMemory Size: 128 MB\\tMax Memory Used: \\d+ MB`));
    const big = await invokeJson(client, 'inv-logs', { id: 8, big: 10000 }, { LogType: 'Tail' });
    expect(Buffer.from(big.output.LogResult!, 'base64').byteLength).toBe(4096);
    expect(decodeLog(big.output.LogResult)).toContain('REPORT RequestId:');
    // The same lines are kept for `kuhiro logs`.
    expect(server.service.tailLogs('tenant-a', 'inv-logs').some((line) => line.message.includes('processing 8'))).toBe(true);
  });

  it('times out with Sandbox.Timedout, and the next invocation gets a fresh environment', async () => {
    const client = server.client();
    await createFunction(client, 'inv-timeout', {
      'index.js': 'exports.handler = async (event) => { if (event.spin) { console.log("pid", process.pid); while (true) {} } return process.pid; };',
    }, { Timeout: 1 });
    const started = Date.now();
    const timedOut = await invokeJson(client, 'inv-timeout', { spin: true }, { LogType: 'Tail' });
    // The handler spins forever: only the 1 s timeout ends it (the bound is loose for loaded machines).
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(timedOut.output.FunctionError).toBe('Unhandled');
    expect(timedOut.payload).toEqual({ errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${timedOut.output.$metadata.requestId} Error: Task timed out after 1.00 seconds` });
    expect(decodeLog(timedOut.output.LogResult)).toContain('Task timed out after 1.00 seconds');
    const spinningPid = Number(/INFO\tpid (\d+)/.exec(decodeLog(timedOut.output.LogResult))![1]);
    // The spinning environment is gone: every later invocation is answered, by another process.
    for (let i = 0; i < 3; i++) {
      const after = await invokeJson(client, 'inv-timeout', {});
      expect(after.output.FunctionError).toBeUndefined();
      expect(after.payload).not.toBe(spinningPid);
    }
  });

  it('reports a process exit as Runtime.ExitError and replaces the environment', async () => {
    const client = server.client();
    await createFunction(client, 'inv-exit', { 'index.js': 'exports.handler = async (event) => { if (event.exit) { console.log("pid", process.pid); process.exit(3); } return process.pid; };' });
    const crashed = await invokeJson(client, 'inv-exit', { exit: true }, { LogType: 'Tail' });
    expect(crashed.output.FunctionError).toBe('Unhandled');
    expect(crashed.payload).toEqual({ errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${crashed.output.$metadata.requestId} Error: Runtime exited with error: exit status 3` });
    const crashedPid = Number(/INFO\tpid (\d+)/.exec(decodeLog(crashed.output.LogResult))![1]);
    for (let i = 0; i < 3; i++) {
      const after = await invokeJson(client, 'inv-exit');
      expect(after.output.FunctionError).toBeUndefined();
      expect(after.payload).not.toBe(crashedPid);
    }
  });

  it('bounds the heap by MemorySize: a memory blow-up is a Runtime.ExitError, not a dead node', async () => {
    const client = server.client();
    await createFunction(client, 'inv-oom', {
      'index.js': 'exports.handler = async (event) => { if (!event.hog) return "fine"; const keep = []; while (true) keep.push(new Array(1e6).fill(Math.random())); };',
    }, { MemorySize: 128, Timeout: 30 });
    const blown = await invokeJson(client, 'inv-oom', { hog: true });
    expect(blown.output.FunctionError).toBe('Unhandled');
    expect(blown.payload).toMatchObject({ errorType: 'Runtime.ExitError' });
    expect((blown.payload as { errorMessage: string }).errorMessage).toMatch(/Runtime exited with error: (signal: \w+|exit status \d+)/);
    expect((await invokeJson(client, 'inv-oom', {})).payload).toBe('fine');
  }, 60_000);

  it('reports an unhandled rejection as Runtime.UnhandledPromiseRejection', async () => {
    const client = server.client();
    await createFunction(client, 'inv-rejection', {
      'index.js': 'exports.handler = async () => { Promise.reject(new Error("lost")); await new Promise((r) => setTimeout(r, 200)); return "late"; };',
    });
    const { output, payload } = await invokeJson(client, 'inv-rejection');
    expect(output.FunctionError).toBe('Unhandled');
    expect(payload).toMatchObject({ errorType: 'Runtime.UnhandledPromiseRejection', errorMessage: 'Error: lost' });
  });

  it('supports callback handlers, context.succeed and synchronous handlers', async () => {
    const client = server.client();
    await createFunction(client, 'inv-callback', {
      'index.js': 'exports.handler = (event, context, callback) => { setTimeout(() => callback(null, { via: "callback", n: event.n }), 10); };',
    });
    expect((await invokeJson(client, 'inv-callback', { n: 5 })).payload).toEqual({ via: 'callback', n: 5 });
    await createFunction(client, 'inv-callback-fail', { 'index.js': 'exports.handler = (e, c, callback) => callback(new RangeError("bad range"));' });
    const failed = await invokeJson(client, 'inv-callback-fail');
    expect(failed.output.FunctionError).toBe('Unhandled');
    expect(failed.payload).toMatchObject({ errorType: 'RangeError', errorMessage: 'bad range' });
    await createFunction(client, 'inv-succeed', { 'index.js': 'exports.handler = (event, context) => { context.succeed({ via: "succeed" }); };' });
    expect((await invokeJson(client, 'inv-succeed')).payload).toEqual({ via: 'succeed' });
    // On Lambda a synchronous handler without a callback completes with null, whatever it returns.
    await createFunction(client, 'inv-sync', { 'index.js': 'exports.handler = (event) => 42;' });
    expect((await invokeJson(client, 'inv-sync')).payload).toBeNull();
  });

  it('answers DryRun with 204 and Event with 202, retrying a failing event twice', async () => {
    const client = server.client();
    await createFunction(client, 'inv-event', { 'index.js': 'exports.handler = async (event) => { console.log("attempt for", event.id); throw new Error("always"); };' });
    const dry = await client.send(new InvokeCommand({ FunctionName: 'inv-event', InvocationType: 'DryRun' }));
    expect(dry.StatusCode).toBe(204);
    const queued = await client.send(new InvokeCommand({ FunctionName: 'inv-event', InvocationType: 'Event', Payload: Buffer.from('{"id":"e1"}') }));
    expect(queued.StatusCode).toBe(202);
    const attempts = async () => server.service.tailLogs('tenant-a', 'inv-event').filter((line) => line.message.includes('attempt for e1')).length;
    const deadline = Date.now() + 25_000; // generous: a loaded CI machine is slow to start workers
    while ((await attempts()) < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await attempts()).toBe(3);
    // No fourth attempt after the two retries.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await attempts()).toBe(3);
  });

  it('enforces payload limits: 6 MB for RequestResponse, 1 MB for Event', async () => {
    const client = server.client();
    await createFunction(client, 'inv-limits', { 'index.js': 'exports.handler = async (event) => event.reply ? "y".repeat(event.reply) : "ok";' });
    const big = JSON.stringify({ pad: 'x'.repeat(6 * 1024 * 1024) });
    const sync = await rejectionOf(client.send(new InvokeCommand({ FunctionName: 'inv-limits', Payload: Buffer.from(big) })));
    expect(sync.name).toBe('RequestTooLargeException');
    expect(sync.$metadata?.httpStatusCode).toBe(413);
    expect(sync.message).toBe('Request must be smaller than 6291456 bytes for the InvokeFunction operation');
    const event = await rejectionOf(client.send(new InvokeCommand({ FunctionName: 'inv-limits', InvocationType: 'Event', Payload: Buffer.from(JSON.stringify({ pad: 'x'.repeat(1024 * 1024) })) })));
    expect(event.name).toBe('RequestTooLargeException');
    expect(event.message).toBe('Request must be smaller than 1048576 bytes for the InvokeFunction operation');
    const reply = await invokeJson(client, 'inv-limits', { reply: 7 * 1024 * 1024 });
    expect(reply.output.FunctionError).toBe('Unhandled');
    expect(reply.payload).toMatchObject({ errorType: 'Function.ResponseSizeTooLarge' });
  });

  it('refuses a payload that is not JSON', async () => {
    const client = server.client();
    await createFunction(client, 'inv-badjson', { 'index.js': 'exports.handler = async () => "ok";' });
    const error = await rejectionOf(client.send(new InvokeCommand({ FunctionName: 'inv-badjson', Payload: Buffer.from('{not json') })));
    expect(error.name).toBe('InvalidRequestContentException');
    expect(error.message).toContain('Could not parse request body into json');
  });
});
