import { describe, it, expect } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { devModeCall } from '../helpers/devModeDynamoDb.js';
import { startNodeProcess, stopNodeProcess, type NodeChild } from '../helpers/nodeProcess.js';

const TABLE = 'crash_items';
const ITEMS = 60;

describe('kuhiro node after kill -9', () => {
  it('still has every item whose PutItem was acknowledged', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kuhiro-crash-'));
    let node: NodeChild | undefined;
    try {
      node = await startNodeProcess(['--port', '0', '--data', dir]);
      const created = await devModeCall(node.url, 'CreateTable', {
        TableName: TABLE,
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      });
      expect(created.status).toBe(200);
      // Concurrent writes, so several land in one group commit when the kill comes.
      const acknowledged: string[] = [];
      await Promise.all(
        Array.from({ length: ITEMS }, async (_, i) => {
          const pk = `item-${i}`;
          const res = await devModeCall(node!.url, 'PutItem', { TableName: TABLE, Item: { pk: { S: pk }, n: { N: String(i) } } });
          expect(res.status).toBe(200);
          acknowledged.push(pk);
        }),
      );
      node.child.kill('SIGKILL');
      expect(await node.exited).toBe('SIGKILL');

      node = await startNodeProcess(['--port', '0', '--data', dir]);
      for (const pk of acknowledged) {
        const res = await devModeCall(node.url, 'GetItem', { TableName: TABLE, Key: { pk: { S: pk } } });
        expect(res.status).toBe(200);
        expect(res.body.Item).toEqual({ pk: { S: pk }, n: { N: pk.slice('item-'.length) } });
      }
    } finally {
      await stopNodeProcess(node);
      await rm(dir, { recursive: true, force: true });
    }
  });
});
