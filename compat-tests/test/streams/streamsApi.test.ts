import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { DeleteItemCommand, DescribeTableCommand, PutItemCommand, UpdateItemCommand, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand, ListStreamsCommand,
  type _Record, type GetRecordsCommandOutput, type ShardIteratorType,
} from '@aws-sdk/client-dynamodb-streams';
import { createTable, expectAwsError, startTarget, type Target } from '@kuhiro/compat-tests';

const SLOW = 120_000;
let t: Target;
let streams: DynamoDBStreamsClient;

beforeAll(async () => {
  t = await startTarget();
  streams = new DynamoDBStreamsClient({ region: t.region, maxAttempts: 1, ...(t.endpoint ? { endpoint: t.endpoint } : {}), ...(t.credentials ? { credentials: t.credentials } : {}) });
}, SLOW);
afterAll(async () => {
  streams?.destroy();
  await t?.stop();
}, SLOW);

async function streamTable(name: string, StreamViewType: 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES'): Promise<{ table: string; streamArn: string }> {
  const description = await createTable(t, {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    StreamSpecification: { StreamEnabled: true, StreamViewType },
  });
  const described = await t.dynamodb().send(new DescribeTableCommand({ TableName: description.TableName! }));
  return { table: description.TableName!, streamArn: described.Table!.LatestStreamArn! };
}

async function iterator(streamArn: string, type: ShardIteratorType, SequenceNumber?: string): Promise<string> {
  const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
  const ShardId = StreamDescription!.Shards![0]!.ShardId!;
  const answer = await streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId, ShardIteratorType: type, ...(SequenceNumber ? { SequenceNumber } : {}) }));
  return answer.ShardIterator!;
}

/** Reads from the iterator until `count` records arrived (AWS delivers with a delay). */
async function readRecords(start: string, count: number): Promise<{ records: _Record[]; next: string | undefined }> {
  const records: _Record[] = [];
  let next: string | undefined = start;
  for (let polls = 0; next && records.length < count && polls < 60; polls++) {
    const page: GetRecordsCommandOutput = await streams.send(new GetRecordsCommand({ ShardIterator: next }));
    records.push(...(page.Records ?? []));
    next = page.NextShardIterator;
    if (records.length < count) await new Promise((resolve) => setTimeout(resolve, t.kind === 'aws' ? 1000 : 20));
  }
  return { records, next };
}

describe('DynamoDB Streams API', () => {
  it('describes the stream on the table and lists it', async () => {
    const { table, streamArn } = await streamTable('described', 'NEW_AND_OLD_IMAGES');
    const described = await t.dynamodb().send(new DescribeTableCommand({ TableName: table }));
    expect(described.Table!.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
    expect(streamArn).toBe(`${described.Table!.TableArn}/stream/${described.Table!.LatestStreamLabel}`);
    expect(described.Table!.LatestStreamLabel).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$/);

    const listed = await streams.send(new ListStreamsCommand({ TableName: table }));
    expect(listed.Streams).toEqual([{ StreamArn: streamArn, TableName: table, StreamLabel: described.Table!.LatestStreamLabel }]);
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    expect(StreamDescription).toMatchObject({
      StreamArn: streamArn, StreamStatus: 'ENABLED', StreamViewType: 'NEW_AND_OLD_IMAGES', TableName: table,
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    });
    expect(StreamDescription!.Shards).toHaveLength(1);
    expect(StreamDescription!.Shards![0]!.ShardId).toMatch(/^shardId-\d{20}-[0-9a-f]{8}$/);
    expect(StreamDescription!.Shards![0]!.SequenceNumberRange!.StartingSequenceNumber).toMatch(/^\d+$/);
  }, SLOW);

  it('records INSERT, MODIFY and REMOVE in order with both images, and nothing for a write that changed nothing', async () => {
    const { table, streamArn } = await streamTable('images', 'NEW_AND_OLD_IMAGES');
    const start = await iterator(streamArn, 'TRIM_HORIZON');
    const db = t.dynamodb();
    await db.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'a' }, n: { N: '1' } } }));
    await db.send(new UpdateItemCommand({ TableName: table, Key: { pk: { S: 'a' } }, UpdateExpression: 'SET n = :v', ExpressionAttributeValues: { ':v': { N: '2' } } }));
    await db.send(new UpdateItemCommand({ TableName: table, Key: { pk: { S: 'a' } }, UpdateExpression: 'SET n = :v', ExpressionAttributeValues: { ':v': { N: '2' } } }));
    await db.send(new DeleteItemCommand({ TableName: table, Key: { pk: { S: 'a' } } }));
    await db.send(new DeleteItemCommand({ TableName: table, Key: { pk: { S: 'never-there' } } }));

    const { records, next } = await readRecords(start, 3);
    expect(records.map((record) => record.eventName)).toEqual(['INSERT', 'MODIFY', 'REMOVE']);
    expect(next).toBeDefined();
    const [insert, modify, remove] = records as [_Record, _Record, _Record];
    expect(insert).toMatchObject({ eventVersion: '1.1', eventSource: 'aws:dynamodb', awsRegion: t.region });
    expect(insert.eventID).toMatch(/^[0-9a-f]{32}$/);
    expect(insert.dynamodb).toMatchObject({ Keys: { pk: { S: 'a' } }, NewImage: { pk: { S: 'a' }, n: { N: '1' } }, StreamViewType: 'NEW_AND_OLD_IMAGES' });
    expect(insert.dynamodb!.OldImage).toBeUndefined();
    expect(insert.dynamodb!.ApproximateCreationDateTime).toBeInstanceOf(Date);
    expect(insert.dynamodb!.SizeBytes).toBeGreaterThan(0);
    expect(modify.dynamodb).toMatchObject({ OldImage: { pk: { S: 'a' }, n: { N: '1' } }, NewImage: { pk: { S: 'a' }, n: { N: '2' } } });
    expect(remove.dynamodb).toMatchObject({ Keys: { pk: { S: 'a' } }, OldImage: { pk: { S: 'a' }, n: { N: '2' } } });
    expect(remove.dynamodb!.NewImage).toBeUndefined();
    const sequence = records.map((record) => BigInt(record.dynamodb!.SequenceNumber!));
    expect(sequence[0]! < sequence[1]! && sequence[1]! < sequence[2]!).toBe(true);

    // AT / AFTER_SEQUENCE_NUMBER position on a record; LATEST sees only what comes later.
    const at = await readRecords(await iterator(streamArn, 'AT_SEQUENCE_NUMBER', modify.dynamodb!.SequenceNumber!), 2);
    expect(at.records.map((record) => record.eventName)).toEqual(['MODIFY', 'REMOVE']);
    const after = await readRecords(await iterator(streamArn, 'AFTER_SEQUENCE_NUMBER', modify.dynamodb!.SequenceNumber!), 1);
    expect(after.records.map((record) => record.eventName)).toEqual(['REMOVE']);
    const latest = await iterator(streamArn, 'LATEST');
    await db.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'b' } } }));
    const fromLatest = await readRecords(latest, 1);
    expect(fromLatest.records.map((record) => [record.eventName, record.dynamodb!.Keys])).toEqual([['INSERT', { pk: { S: 'b' } }]]);
  }, SLOW);

  it('shows only what the view type asks for', async () => {
    const { table, streamArn } = await streamTable('keysonly', 'KEYS_ONLY');
    await t.dynamodb().send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'k' }, other: { S: 'x' } } }));
    const { records } = await readRecords(await iterator(streamArn, 'TRIM_HORIZON'), 1);
    expect(records[0]!.dynamodb).toMatchObject({ Keys: { pk: { S: 'k' } }, StreamViewType: 'KEYS_ONLY' });
    expect(records[0]!.dynamodb!.NewImage).toBeUndefined();
    expect(records[0]!.dynamodb!.OldImage).toBeUndefined();
  }, SLOW);

  it('keeps a disabled stream readable with a closed shard, and enabling again makes a new stream', async () => {
    const { table, streamArn } = await streamTable('disabled', 'NEW_IMAGE');
    const db = t.dynamodb();
    await db.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'x' } } }));
    await db.send(new UpdateTableCommand({ TableName: table, StreamSpecification: { StreamEnabled: false } }));
    await db.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'not-recorded' } } }));

    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    expect(StreamDescription!.StreamStatus).toBe('DISABLED');
    expect(StreamDescription!.Shards![0]!.SequenceNumberRange!.EndingSequenceNumber).toMatch(/^\d+$/);
    const { records, next } = await readRecords(await iterator(streamArn, 'TRIM_HORIZON'), 1);
    expect(records.map((record) => record.dynamodb!.Keys)).toEqual([{ pk: { S: 'x' } }]);
    // The closed shard, read to its end, gives no next iterator.
    expect(next).toBeUndefined();

    await new Promise((resolve) => setTimeout(resolve, 5));
    await db.send(new UpdateTableCommand({ TableName: table, StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' } }));
    const described = await db.send(new DescribeTableCommand({ TableName: table }));
    expect(described.Table!.LatestStreamArn).not.toBe(streamArn);
    const listed = await streams.send(new ListStreamsCommand({ TableName: table }));
    expect(listed.Streams!.map((stream) => stream.StreamArn).sort()).toEqual([streamArn, described.Table!.LatestStreamArn].sort());
  }, SLOW);

  it('answers unknown streams, shards and bad iterators with AWS errors', async () => {
    const { streamArn } = await streamTable('errors', 'KEYS_ONLY');
    const missing = `${streamArn.slice(0, streamArn.lastIndexOf('/'))}/2000-01-01T00:00:00.000`;
    await expectAwsError(streams.send(new DescribeStreamCommand({ StreamArn: missing })), 'ResourceNotFoundException');
    await expectAwsError(
      streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: 'shardId-00000000000000000000-00000000', ShardIteratorType: 'LATEST' })),
      'ResourceNotFoundException',
    );
    await expectAwsError(streams.send(new GetRecordsCommand({ ShardIterator: 'not-an-iterator' })), 'ValidationException');
  }, SLOW);
});
