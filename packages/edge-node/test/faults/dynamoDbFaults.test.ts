import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand, type DynamoDBServiceException } from '@aws-sdk/client-dynamodb';
import { startNode, type RunningNode } from '@kuhiro/edge-node';
import { callDynamoDb } from '../helpers/dynamoDbClient.js';
import { jsonOf } from '../helpers/httpClient.js';
import { makeTempDir } from '../helpers/tempDir.js';
import { adminCall } from '../status/adminApi.js';

const silent = { error() {}, warn() {}, info() {}, debug() {}, isEnabled: () => false };
const keys = { accessKeyId: 'AKIDFAULTS', secretAccessKey: 'whatever' };
const TABLE = 'fault_orders';
const OTHER = 'fault_users';

/** Each error as DynamoDB sends it: status, `__type`, message, and whether the SDK retries it. */
const ERRORS = [
  {
    name: 'ProvisionedThroughputExceededException',
    status: 400,
    type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
    message: 'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
  },
  { name: 'ThrottlingException', status: 400, type: 'com.amazon.coral.availability#ThrottlingException', message: 'Rate of requests exceeds the allowed throughput.' },
  {
    name: 'RequestLimitExceeded',
    status: 400,
    type: 'com.amazonaws.dynamodb.v20120810#RequestLimitExceeded',
    message: 'Throughput exceeds the current throughput limit for your account. Please contact AWS Support at https://aws.amazon.com/support request a limit increase',
  },
  { name: 'InternalServerError', status: 500, type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'Internal server error' },
] as const;

describe('DynamoDB fault injection, as the AWS SDK sees it', () => {
  let node: RunningNode;
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  let noRetries: DynamoDBClient;
  let defaultRetries: DynamoDBClient;

  const put = (client: DynamoDBClient, table: string, id: string, value: string) =>
    client.send(new PutItemCommand({ TableName: table, Item: { id: { S: id }, value: { S: value } } }));
  const valueOf = async (table: string, id: string) =>
    (await noRetries.send(new GetItemCommand({ TableName: table, Key: { id: { S: id } }, ConsistentRead: true }))).Item?.value?.S;
  const addFault = async (rule: Record<string, unknown>) => {
    const answer = await adminCall(node.url, 'POST', '/faults', { body: rule });
    expect(answer.status).toBe(201);
    return answer.body as { id: string };
  };
  const caught = async (promise: Promise<unknown>) => {
    try {
      await promise;
    } catch (err) {
      return err as DynamoDBServiceException;
    }
    throw new Error('the call succeeded');
  };

  beforeAll(async () => {
    dir = await makeTempDir('kuhiro-faults-');
    node = await startNode({ port: 0, dataDir: dir.path, nodeName: 'faults' }, { log: silent });
    noRetries = new DynamoDBClient({ endpoint: node.url, region: 'us-east-1', credentials: keys, maxAttempts: 1 });
    defaultRetries = new DynamoDBClient({ endpoint: node.url, region: 'us-east-1', credentials: keys });
    for (const TableName of [TABLE, OTHER]) {
      await noRetries.send(
        new CreateTableCommand({
          TableName,
          AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
    }
  }, 30_000);

  afterAll(async () => {
    noRetries?.destroy();
    defaultRetries?.destroy();
    await node?.close();
    await dir?.remove();
  }, 30_000);

  for (const error of ERRORS) {
    it(`${error.name}: the exact error without retries, a faulted write changes nothing, default retries recover`, async () => {
      const id = `item-${error.name}`;
      await put(noRetries, TABLE, id, 'before');
      await addFault({ service: 'dynamodb', target: TABLE, operations: ['PutItem'], error: error.name, count: 3 });

      const err = await caught(put(noRetries, TABLE, id, 'faulted'));
      expect(err.name).toBe(error.name);
      expect(err.message).toBe(error.message);
      expect(err.$metadata.httpStatusCode).toBe(error.status);
      expect(err.$fault).toBe(error.status === 500 ? 'server' : 'client');
      // Another table and another operation are untouched.
      await put(noRetries, OTHER, id, 'fine');
      expect(await valueOf(TABLE, id)).toBe('before');

      // The wire shape, byte for byte what DynamoDB sends.
      const raw = await callDynamoDb(node.url, keys, 'PutItem', { TableName: TABLE, Item: { id: { S: id }, value: { S: 'raw' } } });
      expect(raw.status).toBe(error.status);
      expect(raw.headers['content-type']).toBe('application/x-amz-json-1.0');
      expect(typeof raw.headers['x-amzn-requestid']).toBe('string');
      expect(jsonOf(raw)).toEqual({ __type: error.type, message: error.message });

      // One fault left: the SDK's default retries (3 attempts) get through.
      const ok = await put(defaultRetries, TABLE, id, 'after');
      expect(ok.$metadata.attempts).toBe(2);
      expect(await valueOf(TABLE, id)).toBe('after');
      expect((await adminCall(node.url, 'GET', '/faults')).body).toEqual({ faults: [] });
    }, 30_000);
  }

  it('TransactionConflictException: the exact error; the SDK does not retry it, as against AWS', async () => {
    await put(noRetries, TABLE, 'tx', 'before');
    await addFault({ service: 'dynamodb', target: TABLE, error: 'TransactionConflictException', count: 1 });
    const err = await caught(put(defaultRetries, TABLE, 'tx', 'faulted'));
    expect(err.name).toBe('TransactionConflictException');
    expect(err.message).toBe('Transaction is ongoing for the item');
    expect(err.$metadata.httpStatusCode).toBe(400);
    expect(err.$metadata.attempts).toBe(1);
    expect(await valueOf(TABLE, 'tx')).toBe('before');
  });

  it('latency: the request is handled after at least the injected delay', async () => {
    await addFault({ service: 'dynamodb', target: TABLE, operations: ['GetItem'], latencyMs: 300, count: 1 });
    const started = performance.now();
    await put(noRetries, TABLE, 'slow', 'v');
    expect(await valueOf(TABLE, 'slow')).toBe('v');
    expect(performance.now() - started).toBeGreaterThanOrEqual(299);
  });

  it('the admin API lists, removes and clears rules, and refuses a bad rule with a reason', async () => {
    const created = await addFault({ service: 'dynamodb', target: OTHER, error: 'ThrottlingException', probability: 0.5, durationMs: 60_000 });
    await addFault({ service: 'dynamodb', latencyMs: 1 });
    const listed = await adminCall(node.url, 'GET', '/faults');
    expect(listed.status).toBe(200);
    expect(listed.body.faults).toEqual([
      expect.objectContaining({ id: created.id, service: 'dynamodb', target: OTHER, error: 'ThrottlingException', probability: 0.5, tenant: '000000000000', hits: 0, expiresAt: expect.any(Number) }),
      expect.objectContaining({ service: 'dynamodb', latencyMs: 1 }),
    ]);
    expect((await adminCall(node.url, 'DELETE', `/faults/${created.id}`)).body).toEqual({ removed: created.id });
    expect((await adminCall(node.url, 'DELETE', `/faults/${created.id}`)).status).toBe(404);
    expect((await adminCall(node.url, 'DELETE', '/faults')).body).toEqual({ removed: 1 });

    const bad = await adminCall(node.url, 'POST', '/faults', { body: { service: 'dynamodb', error: 'Nope' } });
    expect(bad.status).toBe(400);
    expect(bad.body.__type).toBe('ValidationException');
    expect(bad.body.message).toMatch(/^Invalid fault rule: error: unknown dynamodb error "Nope"/);
    const notJson = await adminCall(node.url, 'POST', '/faults', { body: '{"service":' });
    expect(notJson.status).toBe(400);
    expect(notJson.body.message).toBe('The body is not valid JSON.');
    const alone = await adminCall(node.url, 'POST', '/faults', { body: { service: 'replication', partition: true } });
    expect(alone.status).toBe(400);
    expect(alone.body.message).toMatch(/runs alone/);
    expect((await adminCall(node.url, 'GET', '/faults')).body).toEqual({ faults: [] });
  });
});
