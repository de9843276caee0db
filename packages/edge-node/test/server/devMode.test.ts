import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { crc32, gunzipSync } from 'node:zlib';
import { startNode, type RunningNode } from '@kuhiro/edge-node';
import { callDynamoDb } from '../helpers/dynamoDbClient.js';
import { jsonOf, rawRequest } from '../helpers/httpClient.js';
import { makeTempDir } from '../helpers/tempDir.js';
import { createTableInput } from '../helpers/tableInput.js';

const silent = { error() {}, warn() {}, info() {}, debug() {}, isEnabled: () => false };
const anyKey = { accessKeyId: 'AKIDANYONE', secretAccessKey: 'whatever' };
const otherKey = { accessKeyId: 'AKIDSOMEONEELSE', secretAccessKey: 'different' };

describe('a node in development mode (no credentials file)', () => {
  let node: RunningNode;
  let dir: Awaited<ReturnType<typeof makeTempDir>>;

  beforeAll(async () => {
    dir = await makeTempDir();
    node = await startNode({ port: 0, dataDir: dir.path, nodeName: 'dev-test' }, { log: silent });
  });
  afterAll(async () => {
    await node?.close();
    await dir?.remove();
  });

  it('refuses an unsigned request with MissingAuthenticationTokenException', async () => {
    const res = await callDynamoDb(node.url, anyKey, 'ListTables', {}, { unsigned: true });
    expect(res.status).toBe(400);
    expect(jsonOf(res)).toEqual({
      __type: 'com.amazon.coral.service#MissingAuthenticationTokenException',
      message: 'Request is missing Authentication Token',
    });
  });

  it('lets every access key see the same tables (one shared namespace)', async () => {
    const created = await callDynamoDb(node.url, anyKey, 'CreateTable', createTableInput('dev_shared'));
    expect(created.status).toBe(200);
    const listed = jsonOf(await callDynamoDb(node.url, otherKey, 'ListTables', {}));
    expect(listed.TableNames).toContain('dev_shared');
  });

  it('refuses a request signed for another region instead of serving it', async () => {
    const res = await callDynamoDb(node.url, { ...anyKey, region: 'eu-west-1' }, 'ListTables', {});
    expect(res.status).toBe(400);
    expect(jsonOf(res)).toEqual({
      __type: 'com.amazon.coral.service#InvalidSignatureException',
      message: "Credential should be scoped to a valid region, not 'eu-west-1'. ",
    });
  });

  it('sends x-amz-crc32, the CRC32 of the body bytes, and x-amzn-RequestId', async () => {
    const res = await callDynamoDb(node.url, anyKey, 'ListTables', {});
    expect(res.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(res.headers['x-amz-crc32']).toBe(String(crc32(res.raw) >>> 0));
    expect(res.headers['x-amzn-requestid']).toMatch(/^[A-Z0-9]{52}$/);
  });

  it('accepts a gzipped request body and gzips a large response for a client that accepts it', async () => {
    // Long names make ListTables large enough to be worth compressing.
    const names = Array.from({ length: 12 }, (_, i) => `dev_gzip_${String(i).padStart(2, '0')}_${'x'.repeat(180)}`);
    for (const name of names) {
      const res = await callDynamoDb(node.url, anyKey, 'CreateTable', createTableInput(name), { gzipRequest: true });
      expect(res.status).toBe(200);
    }
    const res = await callDynamoDb(node.url, anyKey, 'ListTables', {}, { acceptGzip: true });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    // DynamoDB's CRC32 covers the bytes on the wire, i.e. the compressed body.
    expect(res.headers['x-amz-crc32']).toBe(String(crc32(res.raw) >>> 0));
    const body = JSON.parse(gunzipSync(res.raw).toString('utf8')) as { TableNames: string[] };
    expect(body.TableNames).toEqual(expect.arrayContaining(names));

    const plain = await callDynamoDb(node.url, anyKey, 'ListTables', {});
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(plain.raw.toString('utf8'))).toEqual(body);
  });

  it('does not gzip a small response', async () => {
    const res = await callDynamoDb(node.url, anyKey, 'DescribeLimits', {}, { acceptGzip: true });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
  });

  it('answers malformed JSON with SerializationException', async () => {
    const res = await callDynamoDb(node.url, anyKey, 'ListTables', undefined, { rawBody: '{"TableName":' });
    expect(res.status).toBe(400);
    expect(jsonOf(res)).toEqual({ __type: 'com.amazon.coral.service#SerializationException' });
  });

  it('answers a corrupt gzip body with SerializationException', async () => {
    const res = await rawRequest(node.url, {
      method: 'POST',
      path: '/',
      headers: { 'content-encoding': 'gzip', 'x-amz-target': 'DynamoDB_20120810.ListTables' },
      body: 'not gzip at all',
    });
    expect(res.status).toBe(400);
    expect(jsonOf(res).__type).toBe('com.amazon.coral.service#SerializationException');
  });

  it('answers an unknown target prefix or operation with UnknownOperationException', async () => {
    for (const target of ['DynamoDB_20111205.ListTables', 'Kinesis_20131202.ListStreams', 'DynamoDB_20120810.NoSuchThing']) {
      const res = await callDynamoDb(node.url, anyKey, 'ListTables', {}, { target });
      expect(res.status).toBe(400);
      expect(jsonOf(res).__type).toBe('com.amazon.coral.service#UnknownOperationException');
    }
  });

  it('refuses a body over 16 MB before reading it', async () => {
    const res = await rawRequest(node.url, {
      method: 'POST',
      path: '/',
      headers: { 'content-length': String(16 * 1024 * 1024 + 1), 'x-amz-target': 'DynamoDB_20120810.ListTables' },
      body: '{}',
    }).catch((err: Error) => ({ status: -1, error: err }));
    // The node answers 413 at once and closes; depending on timing the client sees the 413 or a reset.
    expect([413, -1]).toContain(res.status);
    const after = await callDynamoDb(node.url, anyKey, 'ListTables', {});
    expect(after.status).toBe(200);
  });

  it('answers GET / and GET /_kuhiro/health with a health document', async () => {
    const root = await rawRequest(node.url, { method: 'GET', path: '/' });
    expect(root.status).toBe(200);
    expect(jsonOf(root)).toMatchObject({ healthy: true, node: 'dev-test', region: 'us-east-1' });
    const health = await rawRequest(node.url, { method: 'GET', path: '/_kuhiro/health' });
    expect(health.status).toBe(200);
    expect(jsonOf(health)).toMatchObject({ status: 'ok', node: 'dev-test', region: 'us-east-1', mode: 'development', version: '0.1.0' });
    expect(typeof jsonOf(health).uptimeSeconds).toBe('number');
    expect((await rawRequest(node.url, { method: 'GET', path: '/_kuhiro/nope' })).status).toBe(404);
  });

  it('requires SigV4 on the Lambda API, answering in Lambda\'s error shape', async () => {
    const res = await rawRequest(node.url, { method: 'GET', path: '/2015-03-31/functions' });
    expect(res.status).toBe(403);
    expect(res.headers['x-amzn-errortype']).toBe('MissingAuthenticationTokenException');
    expect(jsonOf(res)).toEqual({ Type: 'User', Message: 'Request is missing Authentication Token' });
  });

  it('answers CORS preflights and marks DynamoDB answers to browsers readable by any origin', async () => {
    const preflight = await rawRequest(node.url, {
      method: 'OPTIONS',
      path: '/',
      headers: {
        origin: 'http://localhost:3000',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,x-amz-date,x-amz-target',
      },
    });
    expect(preflight.status).toBe(200);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
    expect(preflight.headers['access-control-allow-methods']).toBe('POST');
    expect(preflight.headers['access-control-allow-headers']).toBe('authorization,content-type,x-amz-date,x-amz-target');
    const answer = await rawRequest(node.url, {
      method: 'POST',
      path: '/',
      headers: { origin: 'http://localhost:3000', 'x-amz-target': 'DynamoDB_20120810.ListTables' },
      body: '{}',
    });
    expect(answer.headers['access-control-allow-origin']).toBe('*');
    expect(answer.headers['access-control-expose-headers']).toContain('x-amzn-RequestId');
  });
});
