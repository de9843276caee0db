import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import type { Store } from '@kuhiro/crdt-store';
import { startNode, type DynamoDbHandler, type RunningNode } from '@kuhiro/edge-node';
import { callDynamoDb } from '../helpers/dynamoDbClient.js';
import { jsonOf, rawRequest } from '../helpers/httpClient.js';
import { smithySigner, toSmithyRequest } from '../helpers/smithySigner.js';
import { makeTempDir } from '../helpers/tempDir.js';

const key = { accessKeyId: 'AKIDANY', secretAccessKey: 'x' };

describe('a request handler that throws', () => {
  let node: RunningNode;
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  const logged: Array<{ message: string; fields?: Record<string, unknown> }> = [];
  const log = {
    error: (message: string, fields?: Record<string, unknown>) => logged.push({ message, fields }),
    warn() {},
    info() {},
    debug() {},
    isEnabled: () => false,
  };

  beforeAll(async () => {
    dir = await makeTempDir();
    // A stand-in API whose ListTables has a bug; everything else answers normally.
    const buggy: DynamoDbHandler = {
      async handle(_ctx, operation) {
        if (operation === 'ListTables') throw new TypeError('Cannot read properties of undefined (reading "x")');
        return { status: 200, body: {} };
      },
    };
    // No real store is needed behind a stand-in API; only close() is called on it.
    const noStore = { close: async () => {} } as unknown as Store;
    node = await startNode(
      { port: 0, dataDir: dir.path },
      {
        log,
        services: {
          openStore: async () => noStore,
          createDynamoDbApi: () => buggy,
          // A Lambda API whose routes fail, synchronously and asynchronously.
          createLambdaService: async () => ({
            apiRouter: (req, _res, next) => {
              if (req.path === '/sync-bug') throw new RangeError('sync bug');
              if (req.path === '/async-bug') return Promise.reject(new RangeError('async bug'));
              next();
            },
            urlRouter: (_req, _res, next) => next(),
            close: async () => {},
          }),
        },
      },
    );
  });
  afterAll(async () => {
    await node?.close();
    await dir?.remove();
  });

  it('answers 500 InternalServerError, logs the error with the request id, and keeps serving', async () => {
    const res = await callDynamoDb(node.url, key, 'ListTables', {});
    expect(res.status).toBe(500);
    expect(jsonOf(res).__type).toBe('com.amazonaws.dynamodb.v20120810#InternalServerError');
    const requestId = res.headers['x-amzn-requestid'];
    const entry = logged.find((l) => l.fields?.requestId === requestId);
    expect(entry?.fields?.error).toBeInstanceOf(TypeError);

    const next = await callDynamoDb(node.url, key, 'DescribeLimits', {});
    expect(next.status).toBe(200);
  });

  it('answers a failing Lambda route with 500 ServiceException and keeps serving', async () => {
    for (const path of ['/sync-bug', '/async-bug']) {
      const res = await signedLambdaGet(node.url, path);
      expect(res.status).toBe(500);
      expect(res.headers['x-amzn-errortype']).toBe('ServiceException');
      expect(jsonOf(res)).toEqual({ Type: 'Service', Message: 'An internal error occurred. Try again.' });
      expect(logged.some((l) => l.fields?.requestId === res.headers['x-amzn-requestid'] && l.fields?.error instanceof RangeError)).toBe(true);
    }
    expect((await callDynamoDb(node.url, key, 'DescribeLimits', {})).status).toBe(200);
  });
});

async function signedLambdaGet(baseUrl: string, path: string) {
  const url = new URL(baseUrl);
  const signed = await smithySigner({ ...key, region: 'us-east-1', service: 'lambda' }).sign(
    toSmithyRequest({ method: 'GET', path, headers: { host: url.host } }),
  );
  return rawRequest(baseUrl, { method: 'GET', path, headers: signed.headers as Record<string, string> });
}
