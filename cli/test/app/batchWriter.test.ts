import { describe, it, expect } from '@jest/globals';
import type { BatchWriteItemCommand, DynamoDBClient, WriteRequest } from '@aws-sdk/client-dynamodb';
import { putItems } from '../../src/app/batchWriter.js';
import { sampleItems } from './appTestKit.js';

/**
 * A stand-in for DynamoDB's BatchWriteItem that leaves the first item of every first attempt
 * unprocessed (as a throttled partition does) and records what it wrote and how many batches
 * were in flight at once.
 */
function throttlingTable() {
  const written = new Map<string, number>();
  const seenOnce = new Set<string>();
  let inFlight = 0;
  let maxInFlight = 0;
  let calls = 0;
  const client = {
    async send(command: BatchWriteItemCommand) {
      calls++;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight--;
      const [table, requests] = Object.entries(command.input.RequestItems!)[0]!;
      const unprocessed: WriteRequest[] = [];
      requests.forEach((request, index) => {
        const name = request.PutRequest!.Item!.name!.S!;
        if (index === 0 && !seenOnce.has(name)) {
          seenOnce.add(name);
          unprocessed.push(request);
        } else written.set(name, (written.get(name) ?? 0) + 1);
      });
      return { UnprocessedItems: unprocessed.length ? { [table]: unprocessed } : {} };
    },
  };
  return { client: client as unknown as DynamoDBClient, written, stats: () => ({ maxInFlight, calls }) };
}

describe('putItems', () => {
  it('writes every item exactly once, retrying what comes back unprocessed, several batches at a time', async () => {
    const table = throttlingTable();
    const items = sampleItems(260);
    await putItems(table.client, 'items', items, 4);
    expect(table.written.size).toBe(260);
    expect([...table.written.values()].every((times) => times === 1)).toBe(true);
    // 11 batches of up to 25, each retried once for its unprocessed first item.
    expect(table.stats().calls).toBe(22);
    expect(table.stats().maxInFlight).toBeGreaterThan(1);
    expect(table.stats().maxInFlight).toBeLessThanOrEqual(4);
  });

  it('rejects when a batch fails, after the batches in flight settle', async () => {
    let calls = 0;
    const failing = {
      async send() {
        calls++;
        await new Promise((resolve) => setImmediate(resolve));
        if (calls === 2) throw new Error('ValidationException: item too large');
        return { UnprocessedItems: {} };
      },
    } as unknown as DynamoDBClient;
    await expect(putItems(failing, 'items', sampleItems(200), 2)).rejects.toThrow('item too large');
    // Workers stop taking new batches after the failure: not all 8 batches were sent.
    expect(calls).toBeLessThan(8);
  });
});
