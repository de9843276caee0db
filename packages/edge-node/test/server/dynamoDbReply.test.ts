import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { crc32 } from 'node:zlib';
import { startNode, type RunningNode } from '@kuhiro/edge-node';
import { callDynamoDb } from '../helpers/dynamoDbClient.js';
import { rawRequest } from '../helpers/httpClient.js';
import { smithySigner } from '../helpers/smithySigner.js';
import { makeTempDir } from '../helpers/tempDir.js';

const silent = { error() {}, warn() {}, info() {}, debug() {}, isEnabled: () => false };
const key = { accessKeyId: 'AKIDREPLY', secretAccessKey: 'whatever' };

/**
 * Uncompressed answers go out as the JSON text itself (no Buffer in between): Content-Length
 * and x-amz-crc32 must still be those of the UTF-8 bytes on the wire, which differ from the
 * text's length as soon as an item holds non-ASCII characters.
 */
describe('DynamoDB answers as text', () => {
  let node: RunningNode;
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  const item = { pk: { S: 'p' }, sk: { N: '1' }, text: { S: 'ünïcödé 😀 and "quotes" \\ and \n newline' } };

  beforeAll(async () => {
    dir = await makeTempDir();
    node = await startNode({ port: 0, dataDir: dir.path, nodeName: 'reply-test' }, { log: silent });
    const created = await callDynamoDb(node.url, key, 'CreateTable', {
      TableName: 'reply_text',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'N' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
    });
    expect(created.status).toBe(200);
    for (const sk of ['1', '2', '3']) {
      const put = await callDynamoDb(node.url, key, 'PutItem', { TableName: 'reply_text', Item: { ...item, sk: { N: sk } } });
      expect(put.status).toBe(200);
    }
  });
  afterAll(async () => {
    await node?.close();
    await dir?.remove();
  });

  it('gives GetItem and Query answers with non-ASCII items the byte length and CRC32 of their UTF-8 bytes', async () => {
    const get = await callDynamoDb(node.url, key, 'GetItem', { TableName: 'reply_text', Key: { pk: { S: 'p' }, sk: { N: '1' } } });
    const query = await callDynamoDb(node.url, key, 'Query', {
      TableName: 'reply_text',
      KeyConditionExpression: 'pk = :p AND sk >= :from',
      ExpressionAttributeValues: { ':p': { S: 'p' }, ':from': { N: '1' } },
      Limit: 2,
    });
    for (const res of [get, query]) {
      expect(res.status).toBe(200);
      expect(Number(res.headers['content-length'])).toBe(res.raw.length);
      expect(res.headers['x-amz-crc32']).toBe(String(crc32(res.raw) >>> 0));
    }
    expect(JSON.parse(get.raw.toString('utf8'))).toEqual({ Item: item });
    const page = JSON.parse(query.raw.toString('utf8'));
    expect(page.Items).toEqual([item, { ...item, sk: { N: '2' } }]);
    expect([page.Count, page.ScannedCount]).toEqual([2, 2]);
    expect(page.LastEvaluatedKey).toEqual({ pk: { S: 'p' }, sk: { N: '2' } });
  });

  it('adds the CORS headers to an answer for a browser (Origin sent)', async () => {
    const url = new URL(node.url);
    const body = Buffer.from(JSON.stringify({ TableName: 'reply_text', Key: { pk: { S: 'p' }, sk: { N: '3' } } }));
    const headers = { host: url.host, 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.GetItem', origin: 'http://shop.example' };
    const signed = await smithySigner({ ...key, region: 'us-east-1', service: 'dynamodb' }).sign({
      method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/', query: {}, headers, body,
    });
    const res = await rawRequest(node.url, { method: 'POST', path: '/', headers: signed.headers as Record<string, string>, body });
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['access-control-expose-headers']).toContain('x-amz-crc32');
    expect(res.headers['x-amz-crc32']).toBe(String(crc32(res.raw) >>> 0));
    expect(JSON.parse(res.raw.toString('utf8'))).toEqual({ Item: { ...item, sk: { N: '3' } } });
  });
});
