import { afterAll, describe, expect, it } from '@jest/globals';
import type { Item } from '@kuhiro/expressions';
import { KuhiroError } from '../../src/kuhiroError.js';
import type { CommittedWrite, KeySchema, TableRecord, WriteOp } from '../../src/types.js';
import { N, S, StoreFixture } from '../storeFixture.js';

/**
 * A hot item (one with a live replica) keeps its latest committed updates unfolded beside its
 * stored state; these tests write past the fold bounds and check that nothing committed is lost
 * whatever happens to the replica: a failed write, an eviction, a restart, a peer.
 */
const fixture = new StoreFixture();
afterAll(() => fixture.cleanup());

const simpleKey: KeySchema = { partition: [{ name: 'pk', type: 'S' }], sort: [] };
const increment = (table: TableRecord, pk: string, delta = '1'): WriteOp => ({
  table,
  key: { pk: S(pk) },
  type: 'update',
  actions: [{ kind: 'increment', path: ['n'], delta }],
});

describe('NodeStore hot items', () => {
  it('a failed write drops the replica; the next write starts from every committed update', async () => {
    const store = await fixture.open();
    const table = fixture.table(simpleKey);
    await store.createTable(table);
    for (let i = 0; i < 21; i++) store.write([increment(table, 'a')]); // past one fold, with updates pending
    expect(() => store.write([increment(table, 'a', '100'), { table, key: { wrong: S('b') } as Item, type: 'delete' }])).toThrow(KuhiroError);
    expect(store.getItem(table, { pk: S('a') })).toEqual({ pk: S('a'), n: N(21) });
    expect(store.write([increment(table, 'a')]).changes[0]!.new).toEqual({ pk: S('a'), n: N(22) });
  });

  it('restores hot items exactly after a restart, with and without a snapshot on close', async () => {
    for (const snapshotOnClose of [true, false]) {
      const dataDir = await fixture.dataDir();
      const store = await fixture.open({ dataDir, snapshotOnClose, replicaCacheSize: 3 });
      const table = fixture.table(simpleKey);
      await store.createTable(table);
      // Five items through a three-entry cache: some evicted (folded), some hot with pending updates.
      for (let round = 1; round <= 37; round++) for (const pk of ['a', 'b', 'c', 'd', 'e']) store.write([increment(table, pk)]);
      await store.write([increment(table, 'a')]).durable;
      await store.close();
      const reopened = await fixture.open({ dataDir, replicaCacheSize: 3 });
      expect(reopened.getItem(table, { pk: S('a') })).toEqual({ pk: S('a'), n: N(38) });
      for (const pk of ['b', 'c', 'd', 'e']) expect(reopened.getItem(table, { pk: S(pk) })).toEqual({ pk: S(pk), n: N(37) });
      expect(reopened.write([increment(table, 'e')]).changes[0]!.new).toEqual({ pk: S('e'), n: N(38) });
    }
  });

  it('a peer that applies every update ends with the same items and merges its own increments', async () => {
    const here = await fixture.open({ nodeName: 'pop-a', replicaCacheSize: 2 });
    const there = await fixture.open({ nodeName: 'pop-b', replicaCacheSize: 2 });
    const table = fixture.table(simpleKey);
    await here.createTable(table);
    await there.createTable(table);
    const shipped: CommittedWrite[] = [];
    here.onCommit((write) => shipped.push(write));
    for (let round = 0; round < 25; round++) for (const pk of ['a', 'b', 'c']) here.write([increment(table, pk)]);
    there.write([increment(table, 'b', '1000')]);
    there.applyRemote(shipped.flatMap((write) => write.items.map(({ tenant, tableName, key, update }) => ({ tenant, tableName, key, update }))));
    expect(there.getItem(table, { pk: S('a') })).toEqual({ pk: S('a'), n: N(25) });
    expect(there.getItem(table, { pk: S('b') })).toEqual({ pk: S('b'), n: N(1025) });
    expect(there.getItem(table, { pk: S('c') })).toEqual({ pk: S('c'), n: N(25) });
  });
});
