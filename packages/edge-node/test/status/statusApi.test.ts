import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { strToU8, zipSync } from 'fflate';
import { startNode, type RunningNode } from '@kuhiro/edge-node';
import { callDynamoDb } from '../helpers/dynamoDbClient.js';
import { jsonOf, rawRequest } from '../helpers/httpClient.js';
import { makeTempDir } from '../helpers/tempDir.js';
import { adminCall } from './adminApi.js';

const silent = { error() {}, warn() {}, info() {}, debug() {}, isEnabled: () => false };
const anyKey = { accessKeyId: 'AKIDSTATUS', secretAccessKey: 'whatever' };
const TABLE = 'status_api_orders';

describe('the status JSON API of a node in development mode', () => {
  let node: RunningNode;
  let dir: Awaited<ReturnType<typeof makeTempDir>>;

  const getItem = async (key: Record<string, unknown>) =>
    jsonOf(await callDynamoDb(node.url, anyKey, 'GetItem', { TableName: TABLE, Key: key, ConsistentRead: true })).Item;

  beforeAll(async () => {
    dir = await makeTempDir();
    node = await startNode({ port: 0, dataDir: dir.path, nodeName: 'status-api' }, { log: silent });
    const created = await callDynamoDb(node.url, anyKey, 'CreateTable', {
      TableName: TABLE,
      AttributeDefinitions: [
        { AttributeName: 'customer', AttributeType: 'S' },
        { AttributeName: 'order', AttributeType: 'N' },
      ],
      KeySchema: [
        { AttributeName: 'customer', KeyType: 'HASH' },
        { AttributeName: 'order', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    });
    expect(created.status).toBe(200);
    // 3 customers x 3 orders = 9 items.
    for (const customer of ['ann', 'bob', 'cy'])
      for (const order of [1, 2, 3]) {
        const put = await callDynamoDb(node.url, anyKey, 'PutItem', {
          TableName: TABLE,
          Item: { customer: { S: customer }, order: { N: String(order) }, total: { N: String(order * 10) } },
        });
        expect(put.status).toBe(200);
      }
  });
  afterAll(async () => {
    await node?.close();
    await dir?.remove();
  });

  it('describes the node without credentials', async () => {
    const res = await adminCall(node.url, 'GET', '/api/node');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ node: 'status-api', region: 'us-east-1', mode: 'development', adminTokenRequired: false });
  });

  it('lists the namespace tables with their key schema and item count', async () => {
    const res = await adminCall(node.url, 'GET', '/api/tables');
    expect(res.status).toBe(200);
    const table = (res.body.tables as Array<Record<string, unknown>>).find((t) => t.name === TABLE);
    expect(table).toMatchObject({
      status: 'ACTIVE',
      keySchema: [
        { AttributeName: 'customer', KeyType: 'HASH' },
        { AttributeName: 'order', KeyType: 'RANGE' },
      ],
    });
  });

  it('pages through a Scan with the LastEvaluatedKey it hands out', async () => {
    const seen: string[] = [];
    let start: unknown = null;
    let pages = 0;
    do {
      const res = await adminCall(node.url, 'GET', `/api/tables/${TABLE}/items`, {
        query: { limit: '4', ...(start ? { start: JSON.stringify(start) } : {}) },
      });
      expect(res.status).toBe(200);
      expect(res.body.operation).toBe('Scan');
      const items = res.body.items as Array<Record<string, { S?: string; N?: string }>>;
      expect(items.length).toBeLessThanOrEqual(4);
      seen.push(...items.map((item) => `${item.customer!.S}#${item.order!.N}`));
      start = res.body.lastEvaluatedKey;
      pages++;
    } while (start && pages < 10);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual(['ann#1', 'ann#2', 'ann#3', 'bob#1', 'bob#2', 'bob#3', 'cy#1', 'cy#2', 'cy#3']);
  });

  it('queries one partition by its key value, typed from the table definition', async () => {
    const res = await adminCall(node.url, 'GET', `/api/tables/${TABLE}/items`, { query: { partition: 'bob' } });
    expect(res.status).toBe(200);
    expect(res.body.operation).toBe('Query');
    expect((res.body.items as Array<Record<string, { N: string }>>).map((item) => item.order!.N)).toEqual(['1', '2', '3']);
  });

  it('reads one item as DynamoDB JSON', async () => {
    const res = await adminCall(node.url, 'GET', `/api/tables/${TABLE}/item`, {
      query: { key: JSON.stringify({ customer: { S: 'cy' }, order: { N: '2' } }) },
    });
    expect(res.status).toBe(200);
    expect(res.body.item).toEqual({ customer: { S: 'cy' }, order: { N: '2' }, total: { N: '20' } });
  });

  it('creates, replaces and deletes an item through the DynamoDB API', async () => {
    const key = { customer: { S: 'dee' }, order: { N: '7' } };
    const created = await adminCall(node.url, 'PUT', `/api/tables/${TABLE}/item`, { body: { item: { ...key, note: { S: 'first' } } } });
    expect(created.status).toBe(200);
    expect(await getItem(key)).toEqual({ ...key, note: { S: 'first' } });

    const replaced = await adminCall(node.url, 'PUT', `/api/tables/${TABLE}/item`, { body: { item: { ...key, tags: { SS: ['a', 'b'] } } } });
    expect(replaced.status).toBe(200);
    expect(await getItem(key)).toEqual({ ...key, tags: { SS: ['a', 'b'] } });

    const deleted = await adminCall(node.url, 'DELETE', `/api/tables/${TABLE}/item`, { query: { key: JSON.stringify(key) } });
    expect(deleted.status).toBe(200);
    expect(deleted.body.deleted).toEqual({ ...key, tags: { SS: ['a', 'b'] } });
    expect(await getItem(key)).toBeUndefined();
  });

  it("passes DynamoDB's own errors through (status and __type)", async () => {
    const missingKey = await adminCall(node.url, 'PUT', `/api/tables/${TABLE}/item`, { body: { item: { customer: { S: 'x' } } } });
    expect(missingKey.status).toBe(400);
    expect(missingKey.body.__type).toBe('com.amazon.coral.validate#ValidationException');

    const noTable = await adminCall(node.url, 'GET', '/api/tables/status_api_missing/items');
    expect(noTable.status).toBe(400);
    expect(noTable.body).toEqual({
      __type: 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException',
      message: 'Requested resource not found',
    });
  });

  it('refuses malformed parameters and bodies with a 400, changing nothing', async () => {
    const badKey = await adminCall(node.url, 'GET', `/api/tables/${TABLE}/item`, { query: { key: '{not json' } });
    expect(badKey.status).toBe(400);
    expect(badKey.body.message).toBe('key is not valid JSON.');
    const badLimit = await adminCall(node.url, 'GET', `/api/tables/${TABLE}/items`, { query: { limit: '0' } });
    expect(badLimit.status).toBe(400);
    const badBody = await adminCall(node.url, 'PUT', `/api/tables/${TABLE}/item`, { body: '{"item":' });
    expect(badBody.status).toBe(400);
    expect(badBody.body.__type).toBe('com.amazon.coral.service#SerializationException');
    const noItem = await adminCall(node.url, 'PUT', `/api/tables/${TABLE}/item`, { body: { Item: {} } });
    expect(noItem.status).toBe(400);
  });

  it('counts DynamoDB requests per operation for ops/s', async () => {
    const before = (await adminCall(node.url, 'GET', '/api/metrics')).body.totals as Record<string, number>;
    for (let i = 0; i < 3; i++) await callDynamoDb(node.url, anyKey, 'DescribeTable', { TableName: TABLE });
    const res = await adminCall(node.url, 'GET', '/api/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    const totals = res.body.totals as Record<string, number>;
    expect(totals.DescribeTable).toBe((before.DescribeTable ?? 0) + 3);
    expect(totals.PutItem).toBeGreaterThanOrEqual(9);
    expect(typeof res.body.opsPerSecond).toBe('number');
  });

  it("lists the namespace's Lambda functions", async () => {
    const lambda = new LambdaClient({ endpoint: node.url, region: 'us-east-1', credentials: anyKey });
    try {
      await lambda.send(
        new CreateFunctionCommand({
          FunctionName: 'status-api-fn',
          Runtime: 'nodejs20.x',
          Role: 'arn:aws:iam::000000000000:role/any',
          Handler: 'index.handler',
          Code: { ZipFile: zipSync({ 'index.mjs': strToU8('export const handler = async () => 1;') }) },
        }),
      );
    } finally {
      lambda.destroy();
    }
    const res = await adminCall(node.url, 'GET', '/api/functions');
    expect(res.status).toBe(200);
    expect((res.body.Functions as Array<{ FunctionName: string; Runtime: string }>).map((fn) => [fn.FunctionName, fn.Runtime])).toEqual([
      ['status-api-fn', 'nodejs20.x'],
    ]);
  });

  it('serves the page and its assets', async () => {
    const page = await rawRequest(node.url, { method: 'GET', path: '/_kuhiro/' });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.raw.toString()).toContain('/_kuhiro/assets/main.js');
    const script = await rawRequest(node.url, { method: 'GET', path: '/_kuhiro/assets/main.js' });
    expect(script.status).toBe(200);
    const missing = await rawRequest(node.url, { method: 'GET', path: '/_kuhiro/assets/nope.js' });
    expect(missing.status).toBe(404);
  });
});
