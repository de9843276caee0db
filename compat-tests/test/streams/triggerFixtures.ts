import { DescribeTableCommand, GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createTable, type Target } from '@kuhiro/compat-tests';

/** What the recording handler saw of one stream record. */
export interface SeenRecord {
  name: string;
  key: string;
  seq: string;
  source: string;
}

/**
 * A handler that appends every record it receives (in order) to the `events` list of item
 * `pk = LOG_KEY` in table SINK (after SLEEP_MS, if set), then fails if told to: FAIL_KEY makes every batch holding that
 * key throw; REPORT_ONCE_KEY reports that record as a batchItemFailure the first time it sees it.
 */
export const RECORDING_HANDLER = `
const { DynamoDBClient, UpdateItemCommand, PutItemCommand } = require('@aws-sdk/client-dynamodb');
const db = new DynamoDBClient({});
exports.handler = async (event) => {
  const records = event.Records || [];
  if (process.env.SLEEP_MS) await new Promise((resolve) => setTimeout(resolve, Number(process.env.SLEEP_MS)));
  const entries = records.map((r) => ({ M: { name: { S: r.eventName }, key: { S: r.dynamodb.Keys.pk.S }, seq: { S: r.dynamodb.SequenceNumber }, source: { S: r.eventSourceARN } } }));
  if (entries.length === 0 && event.DDBStreamBatchInfo) entries.push({ M: { name: { S: 'ON_FAILURE' }, key: { S: event.requestContext.condition }, seq: { S: event.DDBStreamBatchInfo.startSequenceNumber }, source: { S: event.DDBStreamBatchInfo.streamArn } } });
  await db.send(new UpdateItemCommand({
    TableName: process.env.SINK, Key: { pk: { S: process.env.LOG_KEY || 'log' } },
    UpdateExpression: 'SET events = list_append(if_not_exists(events, :empty), :new)',
    ExpressionAttributeValues: { ':empty': { L: [] }, ':new': { L: entries } },
  }));
  if (process.env.FAIL_KEY && records.some((r) => r.dynamodb.Keys.pk.S === process.env.FAIL_KEY)) throw new Error('failing on purpose');
  const once = records.find((r) => r.dynamodb.Keys.pk.S === process.env.REPORT_ONCE_KEY);
  if (once) {
    try {
      await db.send(new PutItemCommand({ TableName: process.env.SINK, Item: { pk: { S: 'reported-' + once.dynamodb.SequenceNumber } }, ConditionExpression: 'attribute_not_exists(pk)' }));
      return { batchItemFailures: [{ itemIdentifier: once.dynamodb.SequenceNumber }] };
    } catch (error) {
      if (error.name !== 'ConditionalCheckFailedException') throw error;
    }
  }
  return { batchItemFailures: [] };
};
`;

export async function keyTable(target: Target, name: string, stream?: 'NEW_AND_OLD_IMAGES' | 'NEW_IMAGE'): Promise<{ table: string; streamArn?: string }> {
  const description = await createTable(target, {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    ...(stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: stream } } : {}),
  });
  const table = description.TableName!;
  if (!stream) return { table };
  const described = await target.dynamodb().send(new DescribeTableCommand({ TableName: table }));
  return { table, streamArn: described.Table!.LatestStreamArn! };
}

export async function seen(db: DynamoDBClient, sink: string, logKey = 'log'): Promise<SeenRecord[]> {
  const { Item } = await db.send(new GetItemCommand({ TableName: sink, Key: { pk: { S: logKey } }, ConsistentRead: true }));
  return (Item?.events?.L ?? []).map((entry) => {
    const m = entry.M!;
    return { name: m.name!.S!, key: m.key!.S!, seq: m.seq!.S!, source: m.source!.S! };
  });
}

/** Polls `check` until it returns true (or fails after `timeoutMs`). */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 30_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
