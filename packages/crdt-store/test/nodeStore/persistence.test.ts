import { afterAll, describe, expect, it } from '@jest/globals';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { IndexDefinition, KeySchema } from '../../src/types.js';
import { N, putAll, S, StoreFixture } from '../storeFixture.js';

const fixture = new StoreFixture();
afterAll(() => fixture.cleanup());

const tableKey: KeySchema = { partition: [{ name: 'pk', type: 'S' }], sort: [] };
const byColor: IndexDefinition = {
  name: 'byColor',
  kind: 'global',
  key: { partition: [{ name: 'color', type: 'S' }], sort: [] },
  projection: { type: 'ALL' },
};

describe('NodeStore persistence', () => {
  it.each([
    ['with a snapshot on close', true, 100],
    ['from the log alone', false, 100],
    ['from the log alone, more items touched than hot replicas', false, 1],
  ])('restores tables, items, indexes and stats after reopening (%s)', async (_name, snapshotOnClose, replicaCacheSize) => {
    const dataDir = await fixture.dataDir();
    const store = await fixture.open({ dataDir, snapshotOnClose, replicaCacheSize });
    const table = fixture.table(tableKey, [byColor]);
    const dropped = fixture.table(tableKey);
    await store.createTable(table);
    await store.createTable(dropped);
    putAll(store, table, [
      { pk: S('a'), color: S('red'), n: N(1) },
      { pk: S('b'), color: S('blue') },
      { pk: S('gone') },
    ]);
    putAll(store, dropped, [{ pk: S('x') }]);
    store.write([{ table, key: { pk: S('a') }, type: 'update', actions: [{ kind: 'increment', path: ['n'], delta: '2' }] }]);
    store.write([{ table, key: { pk: S('gone') }, type: 'delete' }]);
    await store.deleteTable(dropped.tenant, dropped.name);
    const statsBefore = store.tableStats(table);
    const clientId = store.clientId;
    await store.close();

    const reopened = await fixture.open({ dataDir, replicaCacheSize });
    expect(reopened.clientId).toBe(clientId);
    expect(reopened.listTables(table.tenant)).toEqual([table.name]);
    expect(reopened.getTable(table.tenant, table.name)).toEqual(table);
    expect(reopened.getItem(table, { pk: S('a') })).toEqual({ pk: S('a'), color: S('red'), n: N(3) });
    expect(reopened.getItem(table, { pk: S('gone') })).toBeUndefined();
    expect([...reopened.query(table, { index: 'byColor', partition: [S('blue')] })]).toEqual([{ pk: S('b'), color: S('blue') }]);
    expect(reopened.tableStats(table)).toEqual(statsBefore);
    // Writes continue from the restored documents.
    reopened.write([{ table, key: { pk: S('a') }, type: 'update', actions: [{ kind: 'increment', path: ['n'], delta: '1' }] }]);
    expect(reopened.getItem(table, { pk: S('a') })!['n']).toEqual(N(4));
  });

  it('restores 5,000 items exactly, from a snapshot (several chunks) and a log tail', async () => {
    const dataDir = await fixture.dataDir();
    const store = await fixture.open({ dataDir, snapshotOnClose: false });
    const table = fixture.table({ partition: [{ name: 'pk', type: 'S' }], sort: [{ name: 'sk', type: 'N' }] });
    await store.createTable(table);
    const itemAt = (i: number) => ({ pk: S(`p${i % 97}`), sk: N(i), v: S(`value ${i}`) });
    for (let i = 0; i < 5_000; i++) {
      const item = itemAt(i);
      store.write([{ table, key: { pk: item.pk, sk: item.sk }, type: 'put', item }]);
      if (i === 4_000) await store.snapshot();
    }
    await store.close();
    const reopened = await fixture.open({ dataDir });
    expect(reopened.tableStats(table)).toEqual(store.tableStats(table));
    let count = 0;
    for (const item of reopened.scan(table, {})) {
      const i = Number((item['sk'] as { N: string }).N);
      expect(item).toEqual(itemAt(i));
      count++;
    }
    expect(count).toBe(5_000);
  }, 60_000);

  it('keeps replayed-but-not-hydrated items exact through a snapshot and another restart', async () => {
    const dataDir = await fixture.dataDir();
    const table = fixture.table(tableKey);
    const bump = (store: Awaited<ReturnType<typeof fixture.open>>, pk: string) =>
      store.write([{ table, key: { pk: S(pk) }, type: 'update', actions: [{ kind: 'increment', path: ['n'], delta: '1' }] }]);
    const first = await fixture.open({ dataDir, snapshotOnClose: false });
    await first.createTable(table);
    for (const pk of ['a', 'a', 'b']) bump(first, pk);
    await first.close();
    const second = await fixture.open({ dataDir, snapshotOnClose: false }); // log replay: a, b pending
    bump(second, 'b'); // b hydrated from state + pending
    await second.snapshot(); // a's pending updates are merged into its state here
    await second.close();
    const third = await fixture.open({ dataDir });
    expect(third.getItem(table, { pk: S('a') })).toEqual({ pk: S('a'), n: N(2) });
    expect(third.getItem(table, { pk: S('b') })).toEqual({ pk: S('b'), n: N(2) });
    bump(third, 'a');
    expect(third.getItem(table, { pk: S('a') })).toEqual({ pk: S('a'), n: N(3) });
  });

  it.each(['always', 'batch', 'none'] as const)("acknowledges and restores writes under fsync '%s'", async (fsync) => {
    const dataDir = await fixture.dataDir();
    const store = await fixture.open({ dataDir, fsync, snapshotOnClose: false });
    const table = fixture.table(tableKey);
    await store.createTable(table);
    const results = ['a', 'b', 'c'].map((pk) => store.write([{ table, key: { pk: S(pk) }, type: 'put', item: { pk: S(pk), fsync: S(fsync) } }]));
    await Promise.all(results.map((result) => result.durable));
    await store.close();
    const reopened = await fixture.open({ dataDir });
    expect([...reopened.scan(table, {})]).toHaveLength(3);
  });

  it('restores from a snapshot plus the log written after it', async () => {
    const dataDir = await fixture.dataDir();
    const store = await fixture.open({ dataDir, snapshotOnClose: false });
    const table = fixture.table(tableKey);
    await store.createTable(table);
    putAll(store, table, [{ pk: S('before'), v: N(1) }]);
    await store.snapshot();
    putAll(store, table, [{ pk: S('after'), v: N(2) }]);
    store.write([{ table, key: { pk: S('before') }, type: 'update', actions: [{ kind: 'increment', path: ['v'], delta: '10' }] }]);
    await store.close();
    const names = await readdir(dataDir);
    expect(names.filter((name) => name.endsWith('.snap'))).toHaveLength(1);

    const reopened = await fixture.open({ dataDir });
    expect([...reopened.scan(table, {})].sort((a, b) => ((a['pk'] as { S: string }).S < (b['pk'] as { S: string }).S ? -1 : 1))).toEqual([
      { pk: S('after'), v: N(2) },
      { pk: S('before'), v: N(11) },
    ]);
  });

  it('takes a snapshot by itself once the log passes snapshotEveryBytes', async () => {
    const dataDir = await fixture.dataDir();
    const store = await fixture.open({ dataDir, snapshotEveryBytes: 2000, snapshotOnClose: false });
    const table = fixture.table(tableKey);
    await store.createTable(table);
    for (let i = 0; i < 100; i++) await store.write([{ table, key: { pk: S(`k${i}`) }, type: 'put', item: { pk: S(`k${i}`), v: N(i) } }]).durable;
    await store.snapshot(); // waits for one in flight
    expect((await readdir(dataDir)).some((name) => name.endsWith('.snap'))).toBe(true);
    await store.close();
    const reopened = await fixture.open({ dataDir });
    expect(reopened.tableStats(table).itemCount).toBe(100);
  });

  it('keeps its clientID across restarts and takes a new one after data loss', async () => {
    const dataDir = await fixture.dataDir();
    const lines: string[] = [];
    const store = await fixture.open({ dataDir, snapshotOnClose: true });
    const table = fixture.table(tableKey);
    await store.createTable(table);
    putAll(store, table, [{ pk: S('a') }]);
    const clientId = store.clientId;
    await store.close();
    const [snapshot] = (await readdir(dataDir)).filter((name) => name.endsWith('.snap'));
    const data = await readFile(join(dataDir, snapshot!));
    data[data.length - 1] ^= 0xff; // damage the snapshot's last record
    await writeFile(join(dataDir, snapshot!), data);

    const reopened = await fixture.open({ dataDir, log: (line) => lines.push(line) });
    expect(reopened.clientId).not.toBe(clientId);
    expect(lines.join('\n')).toMatch(/clientID/);
  });
});
