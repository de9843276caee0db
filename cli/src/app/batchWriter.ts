import { BatchWriteItemCommand, type AttributeValue, type DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { sleep } from './planItem.js';

/** BatchWriteItem takes at most 25 requests. */
export const BATCH_SIZE = 25;
const MAX_ATTEMPTS = 10;

/** Batches of one page in flight at once, per scan segment (4 segments: 16 requests in flight). */
export const WRITE_CONCURRENCY = 4;

async function putBatch(client: DynamoDBClient, table: string, items: Record<string, AttributeValue>[]): Promise<void> {
  let requests: WriteRequest[] = items.map((Item) => ({ PutRequest: { Item } }));
  for (let attempt = 1; requests.length; attempt++) {
    const answer = await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: requests } }));
    requests = answer.UnprocessedItems?.[table] ?? [];
    if (!requests.length) break;
    if (attempt >= MAX_ATTEMPTS) throw new Error(`${requests.length} items of ${table} stayed unprocessed after ${MAX_ATTEMPTS} attempts`);
    await sleep(Math.min(50 * 2 ** attempt, 5_000) * (0.5 + Math.random() / 2));
  }
}

/**
 * Puts items in batches of 25, `concurrency` batches at a time (one batch after another would
 * leave the target idle while each answer travels back). DynamoDB may leave some unwritten
 * (UnprocessedItems) when a partition is throttled; AWS's advice is to retry those with
 * exponential backoff. Resolves once every item is written; the first failure rejects, after
 * the batches already in flight have settled.
 */
export async function putItems(client: DynamoDBClient, table: string, items: Record<string, AttributeValue>[], concurrency = WRITE_CONCURRENCY): Promise<void> {
  let next = 0;
  let failure: unknown;
  const worker = async (): Promise<void> => {
    while (next < items.length && failure === undefined) {
      const start = next;
      next += BATCH_SIZE;
      try {
        await putBatch(client, table, items.slice(start, start + BATCH_SIZE));
      } catch (err) {
        failure ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  if (failure !== undefined) throw failure;
}
