import { describe, it, expect, beforeEach, afterEach } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeStore } from '@kuhiro/crdt-store';
import { DynamoDbApi } from '@kuhiro/dynamodb-api';
import { isTtlDeleteInProgress } from '@kuhiro/dynamodb-api';
import { RETENTION_MS, StreamsApi, StreamsService } from '@kuhiro/streams';

const ctx = { tenant: 'dev', accountId: '000000000000', region: 'us-east-1', requestId: 'r' };
let dir: string;
let clock: number;
let store: NodeStore;
let api: DynamoDbApi;
let service: StreamsService;
let streams: StreamsApi;

async function call(handler: { handle(c: typeof ctx, op: string, body: unknown): Promise<{ status: number; body: unknown }> }, op: string, body: object): Promise<any> {
  const answer = await handler.handle(ctx, op, body);
  if (answer.status !== 200) throw Object.assign(new Error(JSON.stringify(answer.body)), { body: answer.body });
  return answer.body;
}

async function errorOf(op: string, body: object): Promise<{ __type: string; message: string }> {
  const answer = await streams.handle(ctx, op, body);
  expect(answer.status).toBe(400);
  return answer.body as { __type: string; message: string };
}

async function open(): Promise<void> {
  store = await NodeStore.open({ dataDir: join(dir, 'db'), fsync: 'none', now: () => clock });
  api = new DynamoDbApi(store, { region: 'us-east-1', now: () => clock });
  service = new StreamsService(store, { dataDir: join(dir, 'streams'), region: 'us-east-1', now: () => clock, isTtlDelete: isTtlDeleteInProgress });
  streams = new StreamsApi(service);
}

async function close(): Promise<void> {
  service.close();
  await api.close();
  await store.close();
}

async function streamTable(name: string, extra: object = {}): Promise<string> {
  await call(api, 'CreateTable', {
    TableName: name, BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' }, ...extra,
  });
  return (await call(api, 'DescribeTable', { TableName: name })).Table.LatestStreamArn;
}

async function trimHorizon(streamArn: string): Promise<string> {
  const { StreamDescription } = await call(streams, 'DescribeStream', { StreamArn: streamArn });
  return (await call(streams, 'GetShardIterator', { StreamArn: streamArn, ShardId: StreamDescription.Shards[0].ShardId, ShardIteratorType: 'TRIM_HORIZON' })).ShardIterator;
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kuhiro-streams-'));
  clock = Date.UTC(2026, 0, 1);
  await open();
});
afterEach(async () => {
  await close();
  await rm(dir, { recursive: true, force: true });
});

describe('StreamsService', () => {
  it('keeps records across a restart, with sequence numbers still increasing', async () => {
    const arn = await streamTable('table1');
    await call(api, 'PutItem', { TableName: 'table1', Item: { pk: { S: 'a' } } });
    await close();
    await open();
    await call(api, 'PutItem', { TableName: 'table1', Item: { pk: { S: 'b' } } });
    const { Records } = await call(streams, 'GetRecords', { ShardIterator: await trimHorizon(arn) });
    expect(Records.map((r: any) => r.dynamodb.Keys.pk.S)).toEqual(['a', 'b']);
    expect(BigInt(Records[1].dynamodb.SequenceNumber) > BigInt(Records[0].dynamodb.SequenceNumber)).toBe(true);
  });

  it('pages GetRecords at about 1 MB', async () => {
    const arn = await streamTable('table7');
    for (const pk of ['a', 'b', 'c']) await call(api, 'PutItem', { TableName: 'table7', Item: { pk: { S: pk }, big: { S: 'x'.repeat(390_000) } } });
    const first = await call(streams, 'GetRecords', { ShardIterator: await trimHorizon(arn) });
    expect(first.Records.map((r: any) => r.dynamodb.Keys.pk.S)).toEqual(['a', 'b']);
    const second = await call(streams, 'GetRecords', { ShardIterator: first.NextShardIterator });
    expect(second.Records.map((r: any) => r.dynamodb.Keys.pk.S)).toEqual(['c']);
  });

  it('expires iterators after 15 minutes', async () => {
    const arn = await streamTable('table2');
    const iterator = await trimHorizon(arn);
    clock += 15 * 60 * 1000 + 1;
    const error = await errorOf('GetRecords', { ShardIterator: iterator });
    expect(error.__type).toBe('com.amazonaws.dynamodb.v20120810#ExpiredIteratorException');
    expect(error.message).toMatch(/^Iterator expired\. The iterator was created at time .* tolerated delay of 900000 milliseconds\.$/);
  });

  it('trims records after 24 hours: an old position is TrimmedDataAccessException, TRIM_HORIZON starts at the oldest kept', async () => {
    const arn = await streamTable('table3');
    await call(api, 'PutItem', { TableName: 'table3', Item: { pk: { S: 'old' } } });
    const first = (await call(streams, 'GetRecords', { ShardIterator: await trimHorizon(arn) })).Records[0];
    clock += RETENTION_MS - 1000;
    await call(api, 'PutItem', { TableName: 'table3', Item: { pk: { S: 'new' } } });
    clock += 2000;
    service.enforceRetention();
    const { StreamDescription } = await call(streams, 'DescribeStream', { StreamArn: arn });
    const error = await errorOf('GetShardIterator', {
      StreamArn: arn, ShardId: StreamDescription.Shards[0].ShardId, ShardIteratorType: 'AT_SEQUENCE_NUMBER', SequenceNumber: first.dynamodb.SequenceNumber,
    });
    expect(error).toEqual({ __type: 'com.amazonaws.dynamodb.v20120810#TrimmedDataAccessException', message: 'The data you are trying to access has been trimmed' });
    const { Records } = await call(streams, 'GetRecords', { ShardIterator: await trimHorizon(arn) });
    expect(Records.map((r: any) => r.dynamodb.Keys.pk.S)).toEqual(['new']);
    // Once everything is trimmed, LATEST still reads what comes next.
    clock += RETENTION_MS;
    service.enforceRetention();
    const latest = (await call(streams, 'GetShardIterator', { StreamArn: arn, ShardId: StreamDescription.Shards[0].ShardId, ShardIteratorType: 'LATEST' })).ShardIterator;
    await call(api, 'PutItem', { TableName: 'table3', Item: { pk: { S: 'newest' } } });
    expect((await call(streams, 'GetRecords', { ShardIterator: latest })).Records.map((r: any) => r.dynamodb.Keys.pk.S)).toEqual(['newest']);
  });

  it('drops a disabled stream 24 hours after it was disabled', async () => {
    const arn = await streamTable('table4');
    await call(api, 'UpdateTable', { TableName: 'table4', StreamSpecification: { StreamEnabled: false } });
    expect((await call(streams, 'DescribeStream', { StreamArn: arn })).StreamDescription.StreamStatus).toBe('DISABLED');
    clock += RETENTION_MS + 1000;
    service.enforceRetention();
    expect((await errorOf('DescribeStream', { StreamArn: arn })).__type).toBe('com.amazonaws.dynamodb.v20120810#ResourceNotFoundException');
  });

  it('marks TTL deletions with the DynamoDB service identity, and user deletes without', async () => {
    const arn = await streamTable('table5');
    await call(api, 'UpdateTimeToLive', { TableName: 'table5', TimeToLiveSpecification: { Enabled: true, AttributeName: 'exp' } });
    const expiry = String(Math.floor(clock / 1000) - 10);
    await call(api, 'PutItem', { TableName: 'table5', Item: { pk: { S: 'ttl' }, exp: { N: expiry } } });
    await call(api, 'PutItem', { TableName: 'table5', Item: { pk: { S: 'user' } } });
    await call(api, 'DeleteItem', { TableName: 'table5', Key: { pk: { S: 'user' } } });
    expect(await api.sweepExpired()).toBe(1);
    const { Records } = await call(streams, 'GetRecords', { ShardIterator: await trimHorizon(arn) });
    const removes = Records.filter((r: any) => r.eventName === 'REMOVE');
    expect(removes.map((r: any) => [r.dynamodb.Keys.pk.S, r.userIdentity])).toEqual([
      ['user', undefined],
      ['ttl', { type: 'Service', principalId: 'dynamodb.amazonaws.com' }],
    ]);
  });

  it('records replicated changes too, marked remote for the triggers', async () => {
    const arn = await streamTable('table6');
    // A peer's write, carried here as replication would: its Yjs update, applied with applyRemote.
    const peer = await NodeStore.open({ dataDir: join(dir, 'peer2'), fsync: 'none', nodeName: 'peer2' });
    try {
      await peer.createTable(store.getTable('dev', 'table6')!);
      let captured: Uint8Array | undefined;
      peer.onCommit((write) => (captured = write.items[0]!.update));
      peer.write([{ table: peer.getTable('dev', 'table6')!, key: { pk: { S: 'remote' } }, type: 'put', item: { pk: { S: 'remote' } } }]);
      store.applyRemote([{ tenant: 'dev', tableName: 'table6', key: { pk: { S: 'remote' } }, update: captured! }]);
    } finally {
      await peer.close();
    }
    const stored = service.readAfter(arn, '', 10);
    expect(stored.map((entry) => [entry.record.eventName, entry.record.dynamodb.Keys.pk!, entry.origin])).toEqual([['INSERT', { S: 'remote' }, 'remote']]);
  });

  it('answers unknown operations and bad input with AWS error types', async () => {
    expect((await errorOf('NoSuchThing', {})).__type).toBe('com.amazon.coral.service#UnknownOperationException');
    const missing = await errorOf('GetShardIterator', { ShardId: 'x', ShardIteratorType: 'SIDEWAYS' });
    expect(missing.message).toBe(
      "2 validation errors detected: Value null at 'streamArn' failed to satisfy constraint: Member must not be null; Value 'SIDEWAYS' at 'shardIteratorType' failed to satisfy constraint: Member must satisfy enum value set: [TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER]",
    );
  });
});
