import { afterAll, describe, expect, it } from '@jest/globals';
import type { Item } from '@kuhiro/expressions';
import type { NodeStore } from '../../src/nodeStore.js';
import type { IndexDefinition, KeySchema, TableRecord } from '../../src/types.js';
import { N, S, StoreFixture } from '../storeFixture.js';

/**
 * A restart builds table and index views in bulk from the snapshot (items in tree order, index
 * entries in index order, ALL entries by reference to their item), so every view must read
 * back exactly as before, also when writes went on while the snapshot was being written.
 */
const fixture = new StoreFixture();
afterAll(() => fixture.cleanup());

const tableKey: KeySchema = { partition: [{ name: 'pk', type: 'S' }], sort: [{ name: 'sk', type: 'N' }] };
const indexes: IndexDefinition[] = [
  { name: 'all', kind: 'global', key: { partition: [{ name: 'g', type: 'S' }], sort: [] }, projection: { type: 'ALL' } },
  { name: 'keys', kind: 'global', key: { partition: [{ name: 'g', type: 'S' }], sort: [{ name: 'n', type: 'N' }] }, projection: { type: 'KEYS_ONLY' } },
  { name: 'include', kind: 'local', key: { partition: [{ name: 'pk', type: 'S' }], sort: [{ name: 'n', type: 'N' }] }, projection: { type: 'INCLUDE', nonKeyAttributes: ['note'] } },
];

const itemAt = (i: number, version = 0): Item => ({
  pk: S(`p${i % 13}`),
  sk: N(i),
  ...(i % 5 === 0 ? {} : { g: S(`group-${(i + version) % 4}`) }),
  n: N(-((i * 7) % 50) + version),
  note: S(`note ${i}.${version}`),
  other: S('x'.repeat(i % 30)),
});
const keyAt = (i: number): Item => ({ pk: S(`p${i % 13}`), sk: N(i) });

/** Everything a reader can see of the table, as one JSON text (compared as a string: deep equality of it all was slow). */
function views(store: NodeStore, table: TableRecord): string {
  return JSON.stringify(viewsOf(store, table));
}

function viewsOf(store: NodeStore, table: TableRecord): Record<string, unknown> {
  const read: Record<string, unknown> = { stats: store.tableStats(table), scan: [...store.scan(table, {})] };
  for (const index of indexes) {
    read[`scan ${index.name}`] = [...store.scan(table, { index: index.name })];
    read[`segments ${index.name}`] = [0, 1, 2].map((segment) => [...store.scan(table, { index: index.name, segment, totalSegments: 3 })]);
  }
  for (let g = 0; g < 4; g++) read[`query all ${g}`] = [...store.query(table, { index: 'all', partition: [S(`group-${g}`)], forward: false })];
  read['query include'] = [...store.query(table, { index: 'include', partition: [S('p3')] })];
  return read;
}

describe('NodeStore restart with indexes', () => {
  it('reads every view back exactly after a restart from a snapshot written while writes went on', async () => {
    const dataDir = await fixture.dataDir();
    const store = await fixture.open({ dataDir, snapshotOnClose: false, replicaCacheSize: 10 });
    const table = fixture.table(tableKey, indexes);
    await store.createTable(table);
    for (let i = 0; i < 3_000; i++) store.write([{ table, key: keyAt(i), type: 'put', item: itemAt(i) }]);
    // Writes while the snapshot is written (its item walk yields to the event loop): updates that
    // move index keys, deletes, new items; all also in the log after the snapshot's cut.
    const snapshot = store.snapshot();
    let snapshotDone = false;
    void snapshot.then(() => (snapshotDone = true));
    let writesDuringSnapshot = 0;
    for (let round = 0; round < 20; round++) {
      await new Promise((resolve) => setImmediate(resolve));
      if (!snapshotDone) writesDuringSnapshot++;
      for (let j = 0; j < 50; j++) {
        const i = (round * 137 + j * 61) % 3_200;
        if (j % 7 === 0) store.write([{ table, key: keyAt(i), type: 'delete' }]);
        else store.write([{ table, key: keyAt(i), type: 'put', item: itemAt(i, round + 1) }]);
      }
    }
    await snapshot;
    expect(writesDuringSnapshot).toBeGreaterThan(0);
    const before = views(store, table);
    await store.close();

    const reopened = await fixture.open({ dataDir });
    expect(views(reopened, table)).toBe(before);
    // The views keep working for writes after the restart.
    const countBefore = reopened.tableStats(table).itemCount;
    const oneExisted = reopened.getItem(table, keyAt(1)) !== undefined;
    const twoExisted = reopened.getItem(table, keyAt(2)) !== undefined;
    reopened.write([{ table, key: keyAt(1), type: 'put', item: itemAt(1, 99) }]);
    reopened.write([{ table, key: keyAt(2), type: 'delete' }]);
    expect(reopened.getItem(table, keyAt(1))).toEqual(itemAt(1, 99));
    expect(reopened.tableStats(table).itemCount).toBe(countBefore + (oneExisted ? 0 : 1) - (twoExisted ? 1 : 0));
    const all = [...reopened.query(table, { index: 'all', partition: [S(`group-${(1 + 99) % 4}`)] })];
    expect(all).toContainEqual(itemAt(1, 99));
  }, 60_000);

  it('restores from a snapshot alone (taken on close) with every index', async () => {
    const dataDir = await fixture.dataDir();
    const store = await fixture.open({ dataDir });
    const table = fixture.table(tableKey, indexes);
    await store.createTable(table);
    for (let i = 0; i < 600; i++) store.write([{ table, key: keyAt(i), type: 'put', item: itemAt(i) }]);
    for (let i = 0; i < 600; i += 9) store.write([{ table, key: keyAt(i), type: 'delete' }]);
    const before = views(store, table);
    await store.close();
    const reopened = await fixture.open({ dataDir });
    expect(views(reopened, table)).toBe(before);
  }, 60_000);
});
