import { BatchWriteItemCommand, type AttributeValue, type DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { sleep } from './planItem.js';

/** BatchWriteItem takes at most 25 requests. */
export const BATCH_SIZE = 25;
const MAX_ATTEMPTS = 10;

/**
 * Puts items in batches of 25. DynamoDB may leave some unwritten (UnprocessedItems) when a
 * partition is throttled; AWS's advice is to retry those with exponential backoff.
 */
export async function putItems(client: DynamoDBClient, table: string, items: Record<string, AttributeValue>[]): Promise<void> {
  for (let start = 0; start < items.length; start += BATCH_SIZE) {
    let requests: WriteRequest[] = items.slice(start, start + BATCH_SIZE).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 1; requests.length; attempt++) {
      const answer = await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: requests } }));
      requests = answer.UnprocessedItems?.[table] ?? [];
      if (!requests.length) break;
      if (attempt >= MAX_ATTEMPTS) throw new Error(`${requests.length} items of ${table} stayed unprocessed after ${MAX_ATTEMPTS} attempts`);
      await sleep(Math.min(50 * 2 ** attempt, 5_000) * (0.5 + Math.random() / 2));
    }
  }
}
