import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NodeStore } from '@kuhiro/crdt-store';
import { DynamoDbApi } from '../../src/index.js';
import { CONTEXT, type Harness } from './assertions.js';

export interface StoreHarness extends Harness {
  api: DynamoDbApi;
  store: NodeStore;
  close(): Promise<void>;
}

/** An API over a real NodeStore in a fresh temp dir; `close()` stops it and removes the dir. */
export async function storeHarness(): Promise<StoreHarness> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuhiro-'));
  const store = await NodeStore.open({ dataDir, fsync: 'none' });
  const api = new DynamoDbApi(store, { region: CONTEXT.region });
  return {
    api,
    store,
    call: async (op, body) => {
      const res = await api.handle(CONTEXT, op, body);
      return { status: res.status, body: res.body as Record<string, unknown> };
    },
    close: async () => {
      await store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
