import { afterAll, describe, expect, it } from '@jest/globals';
import type { Item } from '@kuhiro/expressions';
import type { IndexDefinition, KeySchema } from '../../src/types.js';
import { N, putAll, S, StoreFixture } from '../storeFixture.js';

const fixture = new StoreFixture();
afterAll(() => fixture.cleanup());

const tableKey: KeySchema = { partition: [{ name: 'pk', type: 'S' }], sort: [{ name: 'sk', type: 'N' }] };
const byStatus: IndexDefinition = {
  name: 'byStatus',
  kind: 'global',
  key: { partition: [{ name: 'status', type: 'S' }], sort: [{ name: 'when', type: 'N' }] },
  projection: { type: 'KEYS_ONLY' },
};
const byWhen: IndexDefinition = {
  name: 'byWhen',
  kind: 'local',
  key: { partition: [{ name: 'pk', type: 'S' }], sort: [{ name: 'when', type: 'N' }] },
  projection: { type: 'INCLUDE', nonKeyAttributes: ['note'] },
};
const everything: IndexDefinition = {
  name: 'everything',
  kind: 'global',
  key: { partition: [{ name: 'status', type: 'S' }], sort: [] },
  projection: { type: 'ALL' },
};

const order = (pk: string, sk: number, extra: Item): Item => ({ pk: S(pk), sk: N(sk), ...extra });

async function setup(indexes = [byStatus, byWhen, everything]) {
  const store = await fixture.open();
  const table = fixture.table(tableKey, indexes);
  await store.createTable(table);
  return { store, table };
}

describe('NodeStore indexes', () => {
  it('projects KEYS_ONLY, INCLUDE and ALL, always with table and index keys', async () => {
    const { store, table } = await setup();
    putAll(store, table, [order('a', 1, { status: S('open'), when: N(5), note: S('n'), secret: S('s') })]);
    expect([...store.query(table, { index: 'byStatus', partition: [S('open')] })]).toEqual([
      { pk: S('a'), sk: N(1), status: S('open'), when: N(5) },
    ]);
    expect([...store.query(table, { index: 'byWhen', partition: [S('a')] })]).toEqual([{ pk: S('a'), sk: N(1), when: N(5), note: S('n') }]);
    expect([...store.query(table, { index: 'everything', partition: [S('open')] })]).toEqual([
      order('a', 1, { status: S('open'), when: N(5), note: S('n'), secret: S('s') }),
    ]);
  });

  it('orders by the index sort key, then the table key', async () => {
    const { store, table } = await setup();
    putAll(store, table, [
      order('b', 1, { status: S('open'), when: N(2) }),
      order('a', 2, { status: S('open'), when: N(2) }),
      order('a', 1, { status: S('open'), when: N(1) }),
      order('c', 1, { status: S('done'), when: N(0) }),
    ]);
    const keys = [...store.query(table, { index: 'byStatus', partition: [S('open')] })].map((item) => [item['pk'], item['sk']]);
    expect(keys).toEqual([
      [S('a'), N(1)],
      [S('a'), N(2)],
      [S('b'), N(1)],
    ]);
    const resumed = [...store.query(table, { index: 'byStatus', partition: [S('open')], exclusiveStartKey: order('a', 2, { status: S('open'), when: N(2) }) })];
    expect(resumed.map((item) => item['pk'])).toEqual([S('b')]);
  });

  it('is sparse: items without the index key attributes, or with another type, are absent', async () => {
    const { store, table } = await setup();
    putAll(store, table, [
      order('a', 1, { status: S('open'), when: N(1) }),
      order('a', 2, { status: S('open') }), // no `when`: not in byStatus, but in `everything`
      order('a', 3, { status: N(7), when: N(1) }), // status of another type
    ]);
    expect([...store.query(table, { index: 'byStatus', partition: [S('open')] })]).toHaveLength(1);
    expect([...store.query(table, { index: 'everything', partition: [S('open')] })]).toHaveLength(2);
    expect([...store.scan(table, { index: 'everything' })]).toHaveLength(2);
    expect(store.tableStats(table).indexes['byStatus']!.itemCount).toBe(1);
  });

  it('follows updates that move, add and remove index keys, and deletes', async () => {
    const { store, table } = await setup();
    const key = { pk: S('a'), sk: N(1) };
    putAll(store, table, [order('a', 1, { status: S('open'), when: N(1) })]);
    store.write([{ table, key, type: 'update', actions: [{ kind: 'set', path: ['status'], value: S('done') }] }]);
    expect([...store.query(table, { index: 'byStatus', partition: [S('open')] })]).toEqual([]);
    expect([...store.query(table, { index: 'byStatus', partition: [S('done')] })]).toHaveLength(1);
    store.write([{ table, key, type: 'update', actions: [{ kind: 'remove', path: ['when'] }] }]);
    expect([...store.query(table, { index: 'byStatus', partition: [S('done')] })]).toEqual([]);
    expect([...store.query(table, { index: 'everything', partition: [S('done')] })]).toHaveLength(1);
    store.write([{ table, key, type: 'delete' }]);
    expect([...store.scan(table, { index: 'everything' })]).toEqual([]);
    expect(store.tableStats(table).indexes).toEqual({
      byStatus: { itemCount: 0, sizeBytes: 0 },
      byWhen: { itemCount: 0, sizeBytes: 0 },
      everything: { itemCount: 0, sizeBytes: 0 },
    });
  });

  it('backfills an index added by updateTable and drops a removed one', async () => {
    const { store, table } = await setup([]);
    putAll(store, table, [order('a', 1, { status: S('open'), when: N(1) }), order('b', 1, { status: S('open'), when: N(2) }), order('c', 1, {})]);
    await store.updateTable({ ...table, indexes: [byStatus] });
    expect([...store.query(table, { index: 'byStatus', partition: [S('open')] })]).toHaveLength(2);
    putAll(store, table, [order('d', 1, { status: S('open'), when: N(3) })]);
    expect(store.tableStats(table).indexes['byStatus']!.itemCount).toBe(3);
    await store.updateTable({ ...table, indexes: [] });
    expect(() => [...store.query(table, { index: 'byStatus', partition: [S('open')] })]).toThrow(
      expect.objectContaining({ code: 'ERR_INDEX_NOT_FOUND' }),
    );
    expect(store.getTable(table.tenant, table.name)!.indexes).toEqual([]);
  });

  it('counts projected sizes per index', async () => {
    const { store, table } = await setup([byStatus]);
    putAll(store, table, [order('a', 1, { status: S('open'), when: N(1), big: S('x'.repeat(1000)) })]);
    const stats = store.tableStats(table);
    expect(stats.sizeBytes).toBeGreaterThan(1000);
    expect(stats.indexes['byStatus']!.sizeBytes).toBeLessThan(100);
    expect(stats.indexes['byStatus']!.sizeBytes).toBeGreaterThan(0);
  });
});
