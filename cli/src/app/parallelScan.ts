import { ScanCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ItemDigest } from './itemChecksum.js';

export type Item = Record<string, AttributeValue>;

export const SCAN_SEGMENTS = 4;

/** One page of a segment of a parallel Scan. */
export async function scanPage(client: DynamoDBClient, table: string, segment: number, totalSegments: number, startKey?: Item, limit?: number) {
  const answer = await client.send(new ScanCommand({
    TableName: table, Segment: segment, TotalSegments: totalSegments,
    ...(startKey ? { ExclusiveStartKey: startKey } : {}),
    ...(limit ? { Limit: limit } : {}),
  }));
  return { items: answer.Items ?? [], lastKey: answer.LastEvaluatedKey };
}

/** Every item of a table, one segment per worker, handed to `onItems` page by page. */
export async function scanAll(client: DynamoDBClient, table: string, onItems: (items: Item[]) => void | Promise<void>, segments = SCAN_SEGMENTS): Promise<void> {
  await Promise.all(
    Array.from({ length: segments }, async (_, segment) => {
      let startKey: Item | undefined;
      do {
        const page = await scanPage(client, table, segment, segments, startKey);
        await onItems(page.items);
        startKey = page.lastKey;
      } while (startKey);
    }),
  );
}

/** Item count and order-independent checksum of a whole table. */
export async function digestTable(client: DynamoDBClient, table: string): Promise<ItemDigest> {
  const digest = new ItemDigest();
  await scanAll(client, table, (items) => items.forEach((item) => digest.add(item)));
  return digest;
}
