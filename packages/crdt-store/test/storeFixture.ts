import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Item } from '@kuhiro/expressions';
import { NodeStore } from '../src/nodeStore.js';
import type { IndexDefinition, KeySchema, NodeStoreOptions, TableRecord } from '../src/types.js';

/** Temp data dirs of one test file; `cleanup` removes them all. */
export class StoreFixture {
  private readonly dirs: string[] = [];
  private readonly stores: NodeStore[] = [];
  private tableCounter = 0;

  async dataDir(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'kuhiro-store-'));
    this.dirs.push(dir);
    return dir;
  }

  async open(options: Partial<NodeStoreOptions> = {}): Promise<NodeStore> {
    const store = await NodeStore.open({
      dataDir: options.dataDir ?? (await this.dataDir()),
      nodeName: 'test-node',
      fsync: 'none',
      log: () => undefined,
      ...options,
    });
    this.stores.push(store);
    return store;
  }

  /** A table record with a unique name and id. */
  table(key: KeySchema, indexes: IndexDefinition[] = [], tenant = 'tenant'): TableRecord {
    const n = ++this.tableCounter;
    return { tenant, name: `table-${n}`, id: `id-${n}-${Math.random().toString(36).slice(2)}`, key, indexes, description: {} };
  }

  async cleanup(): Promise<void> {
    for (const store of this.stores) await store.close().catch(() => undefined);
    for (const dir of this.dirs) await rm(dir, { recursive: true, force: true });
  }
}

export const S = (value: string) => ({ S: value });
export const N = (value: string | number) => ({ N: String(value) });
export const B = (bytes: number[]) => ({ B: Buffer.from(bytes).toString('base64') });

/** Puts items one write each. */
export function putAll(store: NodeStore, table: TableRecord, items: Item[]): void {
  for (const item of items) {
    const key: Item = {};
    for (const attribute of [...table.key.partition, ...table.key.sort]) key[attribute.name] = item[attribute.name]!;
    store.write([{ table, key, type: 'put', item }]);
  }
}
