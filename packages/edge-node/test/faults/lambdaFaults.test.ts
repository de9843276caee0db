import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { CreateFunctionCommand, GetFunctionCommand, InvokeCommand, LambdaClient, waitUntilFunctionActiveV2, type LambdaServiceException } from '@aws-sdk/client-lambda';
import { strToU8, zipSync } from 'fflate';
import { startNode, type RunningNode } from '@kuhiro/edge-node';
import { makeTempDir } from '../helpers/tempDir.js';
import { rawRequest, jsonOf } from '../helpers/httpClient.js';
import { smithySigner } from '../helpers/smithySigner.js';
import { adminCall } from '../status/adminApi.js';

const silent = { error() {}, warn() {}, info() {}, debug() {}, isEnabled: () => false };
const keys = { accessKeyId: 'AKIDFAULTS', secretAccessKey: 'whatever' };
const FN = 'fault-fn';

describe('Lambda fault injection, as the AWS SDK sees it', () => {
  let node: RunningNode;
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  let noRetries: LambdaClient;
  let defaultRetries: LambdaClient;

  const invoke = (client: LambdaClient, name = FN) => client.send(new InvokeCommand({ FunctionName: name, Payload: strToU8('{"n":1}') }));
  const caught = async (promise: Promise<unknown>) => {
    try {
      await promise;
    } catch (err) {
      return err as LambdaServiceException & { Reason?: string; retryAfterSeconds?: string };
    }
    throw new Error('the call succeeded');
  };
  const addFault = async (rule: Record<string, unknown>) => {
    const answer = await adminCall(node.url, 'POST', '/faults', { body: rule });
    expect(answer.status).toBe(201);
  };

  beforeAll(async () => {
    dir = await makeTempDir('kuhiro-faults-');
    node = await startNode({ port: 0, dataDir: dir.path, nodeName: 'faults-lambda' }, { log: silent });
    noRetries = new LambdaClient({ endpoint: node.url, region: 'us-east-1', credentials: keys, maxAttempts: 1 });
    defaultRetries = new LambdaClient({ endpoint: node.url, region: 'us-east-1', credentials: keys });
    for (const FunctionName of [FN, 'other-fn']) {
      await noRetries.send(
        new CreateFunctionCommand({
          FunctionName,
          Runtime: 'nodejs20.x',
          Role: 'arn:aws:iam::000000000000:role/any',
          Handler: 'index.handler',
          Code: { ZipFile: zipSync({ 'index.mjs': strToU8('export const handler = async (event) => ({ doubled: event.n * 2 });') }) },
        }),
      );
      await waitUntilFunctionActiveV2({ client: noRetries, maxWaitTime: 60 }, { FunctionName });
    }
  }, 90_000);

  afterAll(async () => {
    noRetries?.destroy();
    defaultRetries?.destroy();
    await node?.close();
    await dir?.remove();
  }, 30_000);

  it('TooManyRequestsException: 429 "Rate Exceeded." with Reason and Retry-After; default retries recover', async () => {
    await addFault({ service: 'lambda', target: FN, operations: ['Invoke'], error: 'TooManyRequestsException', reason: 'ReservedFunctionConcurrentInvocationLimitExceeded', count: 3 });
    const err = await caught(invoke(noRetries));
    expect(err.name).toBe('TooManyRequestsException');
    expect(err.message).toBe('Rate Exceeded.');
    expect(err.$metadata.httpStatusCode).toBe(429);
    expect(err.Reason).toBe('ReservedFunctionConcurrentInvocationLimitExceeded');
    expect(err.retryAfterSeconds).toBe('1');
    // Other functions and other operations pass.
    expect((await invoke(noRetries, 'other-fn')).StatusCode).toBe(200);
    expect((await noRetries.send(new GetFunctionCommand({ FunctionName: FN }))).Configuration?.FunctionName).toBe(FN);

    const ok = await invoke(defaultRetries);
    expect(ok.$metadata.attempts).toBe(3);
    expect(JSON.parse(Buffer.from(ok.Payload!).toString('utf8'))).toEqual({ doubled: 2 });
  }, 60_000);

  it('ServiceException: 500 with Lambda\'s error shape; the SDK retries it', async () => {
    await addFault({ service: 'lambda', target: FN, error: 'ServiceException', count: 1 });
    const err = await caught(invoke(noRetries));
    expect(err.name).toBe('ServiceException');
    expect(err.message).toBe('The Lambda service encountered an internal error.');
    expect(err.$metadata.httpStatusCode).toBe(500);
    expect(err.$fault).toBe('server');

    await addFault({ service: 'lambda', target: FN, error: 'ServiceException', count: 2 });
    const ok = await invoke(defaultRetries);
    expect(ok.$metadata.attempts).toBe(3);
    expect(ok.StatusCode).toBe(200);
  }, 60_000);

  it('latency on Invoke, addressed by ARN: the invoke returns after at least the delay', async () => {
    await addFault({ service: 'lambda', target: FN, operations: ['Invoke'], latencyMs: 250, count: 1 });
    const started = performance.now();
    const ok = await invoke(noRetries, `arn:aws:lambda:us-east-1:000000000000:function:${FN}`);
    expect(performance.now() - started).toBeGreaterThanOrEqual(249);
    expect(ok.StatusCode).toBe(200);
    expect((await adminCall(node.url, 'GET', '/faults')).body).toEqual({ faults: [] });
  }, 60_000);

  it('the wire shape of an injected throttle: x-amzn-ErrorType, Retry-After, {Type, message, Reason}', async () => {
    await addFault({ service: 'lambda', target: FN, error: 'TooManyRequestsException', count: 1 });
    const url = new URL(node.url);
    const path = `/2015-03-31/functions/${FN}/invocations`;
    const headers = { host: url.host, 'content-type': 'application/json' };
    const signed = await smithySigner({ ...keys, region: 'us-east-1', service: 'lambda' }).sign({
      method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path, query: {}, headers, body: '{}',
    });
    const raw = await rawRequest(node.url, { method: 'POST', path, headers: signed.headers as Record<string, string>, body: '{}' });
    expect(raw.status).toBe(429);
    expect(raw.headers['x-amzn-errortype']).toBe('TooManyRequestsException');
    expect(raw.headers['retry-after']).toBe('1');
    expect(jsonOf(raw)).toMatchObject({ Type: 'User', message: 'Rate Exceeded.', Reason: 'ConcurrentInvocationLimitExceeded' });
  }, 60_000);
});
