import {
  BatchWriteItemCommand,
  DescribeTableCommand,
  ScanCommand,
  type AttributeValue,
  type DynamoDBClient,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDbItem } from './seedItems.js';

/** BatchWriteItem's limit per call. */
const BATCH_SIZE = 25;

export async function keyAttributeNames(client: DynamoDBClient, table: string): Promise<string[]> {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: table }));
  return (Table?.KeySchema ?? []).map((key) => key.AttributeName!);
}

/** Every item of a table, read strongly consistent, page by page. */
export async function scanAll(client: DynamoDBClient, table: string): Promise<DynamoDbItem[]> {
  const items: DynamoDbItem[] = [];
  let start: DynamoDbItem | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: table, ConsistentRead: true, ...(start ? { ExclusiveStartKey: start } : {}) }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Batches in flight at once: enough to hide the round trip, few enough not to starve the node. */
const CONCURRENT_BATCHES = 4;

/** Writes all requests in batches of 25 (a few at a time), resending unprocessed ones with a short back-off until none are left. */
export async function batchWrite(client: DynamoDBClient, table: string, requests: WriteRequest[]): Promise<void> {
  const batches: WriteRequest[][] = [];
  for (let i = 0; i < requests.length; i += BATCH_SIZE) batches.push(requests.slice(i, i + BATCH_SIZE));
  let next = 0;
  const worker = async () => {
    while (next < batches.length) await writeBatch(client, table, batches[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_BATCHES, batches.length) }, worker));
}

async function writeBatch(client: DynamoDBClient, table: string, batch: WriteRequest[]): Promise<void> {
  let pending = batch;
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 20 * 2 ** attempt)));
    const answer = await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: pending } }));
    pending = answer.UnprocessedItems?.[table] ?? [];
  }
}

/**
 * A string equal for equal values: map keys sorted, binaries as base64, set members sorted
 * (DynamoDB does not keep a set's order). Used to compare items and keys.
 */
export function canonical(value: AttributeValue | DynamoDbItem): string {
  return JSON.stringify(normalize(value));
}

function normalize(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(normalize);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => {
      const normalized = normalize(v);
      const isSet = (k === 'SS' || k === 'NS' || k === 'BS') && Array.isArray(normalized);
      return [k, isSet ? [...(normalized as string[])].sort() : normalized];
    });
  return Object.fromEntries(entries);
}

export function keyOf(item: DynamoDbItem, keyNames: string[]): DynamoDbItem {
  return Object.fromEntries(keyNames.map((name) => [name, item[name]!]));
}
