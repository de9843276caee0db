import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from '@jest/globals';
import { NodeStore } from '@kuhiro/crdt-store';
import { DynamoDbApi } from '../../src/index.js';
import { CONTEXT, type Harness } from './assertions.js';

export interface CatalogHarness extends Harness {
  clock: { nowMs: number };
}

const cleanups: Array<() => Promise<void>> = [];
// Registered while the test file that imports this helper is being collected.
afterAll(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

/**
 * An API over a real NodeStore in a fresh temp dir, with a frozen clock and predictable
 * TableIds. Synchronous to create (the store opens on first call); stores are closed and
 * their directories removed after the file's tests.
 */
export function catalogHarness(options: { tableActivationMs?: number } = {}): CatalogHarness {
  const clock = { nowMs: 1_700_000_000_000 };
  let ids = 0;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuhiro-'));
  const opened = NodeStore.open({ dataDir, fsync: 'none' }).then((store) => ({
    store,
    api: new DynamoDbApi(store, {
      region: CONTEXT.region,
      now: () => clock.nowMs,
      newId: () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`,
      ...options,
    }),
  }));
  cleanups.push(async () => {
    await (await opened).store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    clock,
    call: async (op, body) => {
      const res = await (await opened).api.handle(CONTEXT, op, body);
      return { status: res.status, body: res.body as Record<string, unknown> };
    },
  };
}
