import { BatchGetItemCommand, BatchWriteItemCommand, DescribeTableCommand, type DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { BATCH_SIZE } from './batchWriter.js';
import { scanAll, type Item } from './parallelScan.js';
import { sleep } from './planItem.js';

/** BatchGetItem reads at most 100 keys. */
const GET_BATCH = 100;

async function missingFromSource(source: DynamoDBClient, table: string, keys: Item[]): Promise<Item[]> {
  const present = new Set<string>();
  let pending: Item[] = keys;
  for (let attempt = 1; pending.length; attempt++) {
    const answer = await source.send(new BatchGetItemCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: true } } }));
    for (const item of answer.Responses?.[table] ?? []) present.add(keyText(item, Object.keys(keys[0]!)));
    pending = (answer.UnprocessedKeys?.[table]?.Keys ?? []) as Item[];
    if (pending.length) await sleep(Math.min(50 * 2 ** attempt, 5_000));
  }
  return keys.filter((key) => !present.has(keyText(key, Object.keys(key))));
}

function keyText(item: Item, names: string[]): string {
  return JSON.stringify([...names].sort().map((name) => item[name]));
}

/**
 * Deletes the target's items that the source does not have, so that after a copy the target
 * mirrors the source (items deleted while the app ran on one side do not come back).
 */
export async function pruneExtraItems(source: DynamoDBClient, target: DynamoDBClient, table: string): Promise<number> {
  const keyNames = ((await target.send(new DescribeTableCommand({ TableName: table }))).Table?.KeySchema ?? []).map((k) => k.AttributeName!);
  const keys: Item[] = [];
  await scanAll(target, table, (items) => {
    for (const item of items) keys.push(Object.fromEntries(keyNames.map((name) => [name, item[name]!])));
  });
  let deleted = 0;
  for (let start = 0; start < keys.length; start += GET_BATCH) {
    const extra = await missingFromSource(source, table, keys.slice(start, start + GET_BATCH));
    for (let i = 0; i < extra.length; i += BATCH_SIZE) {
      let requests: WriteRequest[] = extra.slice(i, i + BATCH_SIZE).map((Key) => ({ DeleteRequest: { Key } }));
      for (let attempt = 1; requests.length; attempt++) {
        const answer = await target.send(new BatchWriteItemCommand({ RequestItems: { [table]: requests } }));
        requests = answer.UnprocessedItems?.[table] ?? [];
        if (requests.length) await sleep(Math.min(50 * 2 ** attempt, 5_000));
      }
    }
    deleted += extra.length;
  }
  return deleted;
}
