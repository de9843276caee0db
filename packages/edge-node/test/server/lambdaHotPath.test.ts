import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { CreateFunctionCommand, LambdaClient, waitUntilFunctionActiveV2 } from '@aws-sdk/client-lambda';
import { strToU8, zipSync } from 'fflate';
import { startNode, type RunningNode } from '@kuhiro/edge-node';
import type { Authenticator } from '../../src/auth/authenticator.js';
import { matchInvoke } from '../../src/server/lambdaHotPath.js';
import { createRequestListener } from '../../src/server/requestListener.js';
import { rawRequest, type RawResponse } from '../helpers/httpClient.js';
import { smithySigner, toSmithyRequest } from '../helpers/smithySigner.js';
import { makeTempDir } from '../helpers/tempDir.js';

const silent = { error() {}, warn() {}, info() {}, debug() {}, isEnabled: () => false };
const keys = { accessKeyId: 'AKIDHOTPATH', secretAccessKey: 'hot-path-secret' };
const FN = 'hot-fn';
const SOURCE = `exports.handler = async (event) => {
  if (event.fail) throw new Error('asked to fail');
  console.log('echo', event.n);
  return { n: event.n, version: process.env.AWS_LAMBDA_FUNCTION_VERSION };
};
`;

describe('matchInvoke', () => {
  it('takes only the canonical Invoke path, decoded, with the first Qualifier', () => {
    expect(matchInvoke('POST', '/2015-03-31/functions/my-fn/invocations')).toEqual({ functionName: 'my-fn', qualifier: undefined });
    expect(matchInvoke('POST', '/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Amy-fn/invocations?Qualifier=%24LATEST&Qualifier=2')).toEqual({
      functionName: 'arn:aws:lambda:us-east-1:000000000000:function:my-fn',
      qualifier: '$LATEST',
    });
    expect(matchInvoke('GET', '/2015-03-31/functions/my-fn/invocations')).toBeUndefined();
    expect(matchInvoke('POST', '/2015-03-31/functions/my-fn/invocations/')).toBeUndefined();
    expect(matchInvoke('POST', '/2015-03-31/FUNCTIONS/my-fn/invocations')).toBeUndefined();
    expect(matchInvoke('POST', '/2015-03-31/functions/bad%E0%A4%A/invocations')).toBeUndefined();
    expect(matchInvoke('POST', '/2015-03-31/functions/my-fn/invoke-async')).toBeUndefined();
  });
});

describe('the request listener serves Invoke without express', () => {
  let server: Server;
  let url: string;
  const seen: Array<{ functionName: string; qualifier: string | undefined; tenant: string; body: string; type: string | undefined }> = [];

  beforeAll(async () => {
    const app = ((_req: unknown, res: { writeHead(status: number): void; end(): void }) => {
      res.writeHead(418);
      res.end();
    }) as unknown as Express;
    const authenticator: Authenticator = { authenticate: () => ({ tenant: 'tenant-a', accountId: '111122223333' }) } as unknown as Authenticator;
    const listener = createRequestListener({
      dynamoDb: { api: { handle: async () => ({ status: 200, body: {} }) }, authenticator, region: 'us-east-1', log: silent },
      app,
      info: { nodeName: 'n', region: 'us-east-1', mode: 'development', startedAt: new Date() },
      log: silent,
      lambdaInvoke: {
        authenticator,
        region: 'us-east-1',
        log: silent,
        invoke: async (ctx, request) => {
          seen.push({ functionName: request.functionName, qualifier: request.qualifier, tenant: ctx.tenant, body: request.body.toString('utf8'), type: request.header('x-amz-invocation-type') });
          return { status: 200, headers: { 'Content-Type': 'application/json' }, body: '"ok"' };
        },
      },
    });
    server = createServer(listener);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });

  it('hands the decoded name, qualifier, headers, body and caller to the Lambda service', async () => {
    const answer = await rawRequest(url, {
      method: 'POST',
      path: '/2015-03-31/functions/f%3Aprod/invocations?Qualifier=prod',
      headers: { 'X-Amz-Invocation-Type': 'Event' },
      body: '{"a":1}',
    });
    expect(answer.status).toBe(200);
    expect(answer.raw.toString('utf8')).toBe('"ok"');
    expect(typeof answer.headers['x-amzn-requestid']).toBe('string');
    expect(seen).toEqual([{ functionName: 'f:prod', qualifier: 'prod', tenant: 'tenant-a', body: '{"a":1}', type: 'Event' }]);
    // Other Lambda paths still go to express.
    expect((await rawRequest(url, { method: 'POST', path: '/2015-03-31/functions/f/invocations/' })).status).toBe(418);
    expect((await rawRequest(url, { method: 'GET', path: '/2015-03-31/functions/f' })).status).toBe(418);
  });
});

/**
 * The same request through the hot path (canonical path) and through express (the trailing-slash
 * spelling, which express's route also matches): everything but the request id must be the same.
 */
describe('Invoke on the hot path answers exactly as the express route does', () => {
  let node: RunningNode;
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  let client: LambdaClient;
  const signer = smithySigner({ ...keys, region: 'us-east-1', service: 'lambda' });

  async function send(path: string, query: Record<string, string>, headers: Record<string, string>, body: string): Promise<RawResponse> {
    const host = new URL(node.url).host;
    const request = toSmithyRequest({ method: 'POST', path, query, headers: { host, 'content-type': 'application/json', ...headers }, body });
    const signed = await signer.sign(request);
    const search = new URLSearchParams(query).toString();
    const wireHeaders = Object.fromEntries(Object.entries(signed.headers).filter(([name]) => name !== 'host'));
    return rawRequest(node.url, { method: 'POST', path: path + (search ? `?${search}` : ''), headers: wireHeaders, body });
  }

  /** Status, headers (but Date, Keep-Alive and the request id) and body with the request id blanked. */
  function comparable(answer: RawResponse) {
    const requestId = String(answer.headers['x-amzn-requestid']);
    const headers = Object.fromEntries(
      Object.entries(answer.headers).filter(([name]) => !['date', 'keep-alive', 'x-amzn-requestid', 'x-amz-log-result'].includes(name)),
    );
    return { status: answer.status, headers, body: answer.raw.toString('utf8').replaceAll(requestId, '<id>'), tail: 'x-amz-log-result' in answer.headers };
  }

  async function expectSame(name: string, query: Record<string, string>, headers: Record<string, string>, body: string) {
    const hot = await send(`/2015-03-31/functions/${encodeURIComponent(name)}/invocations`, query, headers, body);
    const routed = await send(`/2015-03-31/functions/${encodeURIComponent(name)}/invocations/`, query, headers, body);
    expect(comparable(hot)).toEqual(comparable(routed));
    return hot;
  }

  beforeAll(async () => {
    dir = await makeTempDir('kuhiro-hot-invoke-');
    node = await startNode({ port: 0, dataDir: dir.path, nodeName: 'hot-invoke' }, { log: silent });
    client = new LambdaClient({ endpoint: node.url, region: 'us-east-1', credentials: keys });
    await client.send(
      new CreateFunctionCommand({
        FunctionName: FN,
        Runtime: 'nodejs20.x',
        Role: 'arn:aws:iam::000000000000:role/any',
        Handler: 'index.handler',
        Code: { ZipFile: zipSync({ 'index.js': strToU8(SOURCE) }) },
      }),
    );
    await waitUntilFunctionActiveV2({ client, maxWaitTime: 60 }, { FunctionName: FN });
  }, 90_000);

  afterAll(async () => {
    client?.destroy();
    await node?.close();
    await dir?.remove();
  }, 30_000);

  it('RequestResponse: payload, X-Amz-Executed-Version, Content-Type and Length', async () => {
    const hot = await expectSame(FN, {}, {}, '{"n":7}');
    expect(hot.status).toBe(200);
    expect(hot.headers['x-amz-executed-version']).toBe('$LATEST');
    expect(JSON.parse(hot.raw.toString('utf8'))).toEqual({ n: 7, version: '$LATEST' });
  }, 60_000);

  it('a function error: X-Amz-Function-Error; LogType Tail: X-Amz-Log-Result', async () => {
    const hot = await expectSame(FN, { Qualifier: '$LATEST' }, { 'x-amz-log-type': 'Tail' }, '{"fail":true}');
    expect(hot.headers['x-amz-function-error']).toBe('Unhandled');
    expect(Buffer.from(String(hot.headers['x-amz-log-result']), 'base64').toString('utf8')).toContain('asked to fail');
  }, 60_000);

  it('DryRun 204 and Event 202', async () => {
    expect((await expectSame(FN, {}, { 'x-amz-invocation-type': 'DryRun' }, '{}')).status).toBe(204);
    expect((await expectSame(FN, {}, { 'x-amz-invocation-type': 'Event' }, '{"n":1}')).status).toBe(202);
  }, 60_000);

  it('client faults in Lambda\'s words: unknown function, bad JSON, bad enum, payload too large, unsigned', async () => {
    expect((await expectSame('no-such-fn', {}, {}, '{}')).headers['x-amzn-errortype']).toBe('ResourceNotFoundException');
    expect((await expectSame(FN, {}, {}, '{not json')).headers['x-amzn-errortype']).toBe('InvalidRequestContentException');
    expect((await expectSame(FN, {}, { 'x-amz-invocation-type': 'Sometimes' }, '{}')).headers['x-amzn-errortype']).toBe('ValidationException');
    const big = JSON.stringify({ blob: 'x'.repeat(6 * 1024 * 1024) });
    expect((await expectSame(FN, {}, {}, big)).headers['x-amzn-errortype']).toBe('RequestTooLargeException');
    // Dev mode takes any key, but not an unsigned request.
    const unsigned = (path: string) => rawRequest(node.url, { method: 'POST', path, body: '{}' });
    const hot = await unsigned(`/2015-03-31/functions/${FN}/invocations`);
    expect(comparable(hot)).toEqual(comparable(await unsigned(`/2015-03-31/functions/${FN}/invocations/`)));
    expect(hot.status).toBe(403);
    expect(hot.headers['x-amzn-errortype']).toMatch(/Exception$/);
  }, 60_000);
});
