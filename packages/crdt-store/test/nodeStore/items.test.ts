import { afterAll, describe, expect, it } from '@jest/globals';
import type { Item } from '@kuhiro/expressions';
import { KuhiroError } from '../../src/kuhiroError.js';
import type { CommittedWrite, KeySchema } from '../../src/types.js';
import { N, S, StoreFixture } from '../storeFixture.js';

const fixture = new StoreFixture();
afterAll(() => fixture.cleanup());

const simpleKey: KeySchema = { partition: [{ name: 'pk', type: 'S' }], sort: [] };

describe('NodeStore items', () => {
  it('puts, gets, updates and deletes an item', async () => {
    const store = await fixture.open();
    const table = fixture.table(simpleKey);
    await store.createTable(table);
    const key = { pk: S('a') };

    const put = store.write([{ table, key, type: 'put', item: { pk: S('a'), n: N(1), s: S('x') } }]);
    expect(put.changes).toEqual([{ old: undefined, new: { pk: S('a'), n: N(1), s: S('x') } }]);
    await put.durable;
    expect(store.getItem(table, key)).toEqual({ pk: S('a'), n: N(1), s: S('x') });

    const update = store.write([
      { table, key, type: 'update', actions: [{ kind: 'increment', path: ['n'], delta: '41' }, { kind: 'remove', path: ['s'] }] },
    ]);
    expect(update.changes[0]!.new).toEqual({ pk: S('a'), n: N(42) });
    expect(store.getItem(table, key)).toEqual({ pk: S('a'), n: N(42) });

    const removed = store.write([{ table, key, type: 'delete' }]);
    expect(removed.changes).toEqual([{ old: { pk: S('a'), n: N(42) }, new: undefined }]);
    expect(store.getItem(table, key)).toBeUndefined();
    expect(store.tableStats(table).itemCount).toBe(0);
  });

  it('applies several ops as one write and reports each change in order', async () => {
    const store = await fixture.open();
    const table = fixture.table(simpleKey);
    await store.createTable(table);
    const commits: CommittedWrite[] = [];
    store.onCommit((write) => commits.push(write));
    const result = store.write([
      { table, key: { pk: S('a') }, type: 'put', item: { pk: S('a'), v: N(1) } },
      { table, key: { pk: S('b') }, type: 'put', item: { pk: S('b'), v: N(2) } },
      { table, key: { pk: S('zzz') }, type: 'delete' }, // absent: changes nothing
    ]);
    expect(result.changes.map((change) => change.new)).toEqual([{ pk: S('a'), v: N(1) }, { pk: S('b'), v: N(2) }, undefined]);
    expect(commits).toHaveLength(1);
    expect(commits[0]!.origin).toBe('local');
    expect(commits[0]!.items.map((item) => [item.tableName, item.key, item.update.length > 0])).toEqual([
      [table.name, { pk: S('a') }, true],
      [table.name, { pk: S('b') }, true],
    ]);
  });

  it('a write that changes nothing is not committed', async () => {
    const store = await fixture.open();
    const table = fixture.table(simpleKey);
    await store.createTable(table);
    let commits = 0;
    store.onCommit(() => commits++);
    const result = store.write([{ table, key: { pk: S('none') }, type: 'delete' }]);
    await result.durable;
    expect(result.changes).toEqual([{ old: undefined, new: undefined }]);
    expect(commits).toBe(0);
  });

  it('keeps working for items whose replicas were evicted from the hot cache', async () => {
    const store = await fixture.open({ replicaCacheSize: 2 });
    const table = fixture.table(simpleKey);
    await store.createTable(table);
    for (let round = 1; round <= 3; round++) {
      for (const name of ['a', 'b', 'c', 'd']) {
        store.write([{ table, key: { pk: S(name) }, type: 'update', actions: [{ kind: 'increment', path: ['n'], delta: '1' }] }]);
      }
    }
    for (const name of ['a', 'b', 'c', 'd']) expect(store.getItem(table, { pk: S(name) })).toEqual({ pk: S(name), n: N(3) });
  });

  it('applies remote updates from another node and merges concurrent increments', async () => {
    const here = await fixture.open({ nodeName: 'pop-a' });
    const there = await fixture.open({ nodeName: 'pop-b' });
    const table = fixture.table(simpleKey);
    await here.createTable(table);
    await there.createTable(table);
    const shipped: CommittedWrite[] = [];
    there.onCommit((write) => shipped.push(write));
    const increment = { kind: 'increment' as const, path: ['n'], delta: '5' };
    here.write([{ table, key: { pk: S('c') }, type: 'update', actions: [increment] }]);
    there.write([{ table, key: { pk: S('c') }, type: 'update', actions: [increment] }]);

    const received: CommittedWrite[] = [];
    here.onCommit((write) => received.push(write));
    const result = here.applyRemote(
      shipped.flatMap((write) => write.items.map((item) => ({ tenant: item.tenant, tableName: item.tableName, key: item.key, update: item.update }))),
    );
    await result.durable;
    expect(result.changes).toEqual([{ old: { pk: S('c'), n: N(5) }, new: { pk: S('c'), n: N(10) } }]);
    expect(here.getItem(table, { pk: S('c') })).toEqual({ pk: S('c'), n: N(10) });
    expect(received[0]!.origin).toBe('remote');
  });

  it('skips remote updates for tables it does not have', async () => {
    const store = await fixture.open();
    const result = store.applyRemote([{ tenant: 'x', tableName: 'missing', key: { pk: S('a') }, update: new Uint8Array([0, 0]) }]);
    expect(result.changes).toEqual([{ old: undefined, new: undefined }]);
  });

  it('leaves nothing applied when an op fails', async () => {
    const store = await fixture.open();
    const table = fixture.table(simpleKey);
    await store.createTable(table);
    store.write([{ table, key: { pk: S('a') }, type: 'put', item: { pk: S('a'), v: N(1) } }]);
    expect(() =>
      store.write([
        { table, key: { pk: S('a') }, type: 'put', item: { pk: S('a'), v: N(2) } },
        { table, key: { wrong: S('b') } as Item, type: 'delete' },
      ]),
    ).toThrow(KuhiroError);
    expect(store.getItem(table, { pk: S('a') })).toEqual({ pk: S('a'), v: N(1) });
    // And the next write starts from the committed state, not from the abandoned one.
    const next = store.write([{ table, key: { pk: S('a') }, type: 'update', actions: [{ kind: 'increment', path: ['v'], delta: '1' }] }]);
    expect(next.changes[0]!.new).toEqual({ pk: S('a'), v: N(2) });
  });

  it('merges a remote write concurrent with a delete: additions the deleter had not seen survive', async () => {
    const here = await fixture.open({ nodeName: 'pop-a' });
    const there = await fixture.open({ nodeName: 'pop-b' });
    const table = fixture.table(simpleKey);
    await here.createTable(table);
    await there.createTable(table);
    const fromHere: CommittedWrite[] = [];
    const fromThere: CommittedWrite[] = [];
    here.onCommit((write) => fromHere.push(write));
    there.onCommit((write) => fromThere.push(write));
    const toRemote = (writes: CommittedWrite[]) =>
      writes.flatMap((write) => write.items.map(({ tenant, tableName, key, update }) => ({ tenant, tableName, key, update })));
    here.write([{ table, key: { pk: S('a') }, type: 'put', item: { pk: S('a'), v: N(1) } }]);
    there.applyRemote(toRemote(fromHere.splice(0)));
    // Concurrently: here deletes, there adds an attribute it had not seen removed.
    here.write([{ table, key: { pk: S('a') }, type: 'delete' }]);
    there.write([{ table, key: { pk: S('a') }, type: 'update', actions: [{ kind: 'set', path: ['w'], value: N(2) }] }]);
    const local = fromHere.splice(0);
    here.applyRemote(toRemote(fromThere.filter((write) => write.origin === 'local')));
    there.applyRemote(toRemote(local));
    // DESIGN.md: a delete removes what its writer had observed; the unseen addition survives.
    // Only possible because the deleted item kept its Yjs history.
    expect(here.getItem(table, { pk: S('a') })).toEqual({ pk: S('a'), w: N(2) });
    expect(there.getItem(table, { pk: S('a') })).toEqual({ pk: S('a'), w: N(2) });
    expect(here.tableStats(table)).toEqual(there.tableStats(table));
  });

  it('tracks item count and size incrementally', async () => {
    const store = await fixture.open();
    const table = fixture.table(simpleKey);
    await store.createTable(table);
    store.write([{ table, key: { pk: S('a') }, type: 'put', item: { pk: S('a'), name: S('12345') } }]);
    store.write([{ table, key: { pk: S('b') }, type: 'put', item: { pk: S('b') } }]);
    // Item size as DynamoDB computes it: attribute name lengths plus value sizes.
    expect(store.tableStats(table)).toEqual({ itemCount: 2, sizeBytes: 2 + 1 + 4 + 5 + 2 + 1, indexes: {} });
    store.write([{ table, key: { pk: S('a') }, type: 'put', item: { pk: S('a') } }]);
    expect(store.tableStats(table)).toMatchObject({ itemCount: 2, sizeBytes: 6 });
  });
});

describe('NodeStore catalog', () => {
  it('lists tables per tenant, sorted', async () => {
    const store = await fixture.open();
    for (const name of ['b', 'A', 'a', '_x']) await store.createTable({ ...fixture.table(simpleKey, [], 'one'), name });
    await store.createTable({ ...fixture.table(simpleKey, [], 'two'), name: 'other' });
    expect(store.listTables('one')).toEqual(['A', '_x', 'a', 'b']);
    expect(store.listTables('two')).toEqual(['other']);
    expect(store.listTables('nobody')).toEqual([]);
  });

  it('refuses a second table of the same name in one tenant', async () => {
    const store = await fixture.open();
    const table = fixture.table(simpleKey);
    await store.createTable(table);
    await expect(store.createTable({ ...table, id: 'another-id' })).rejects.toMatchObject({ code: 'ERR_TABLE_EXISTS' });
    await store.createTable({ ...table, tenant: 'someone-else', id: 'third-id' });
  });

  it('drops items with the table: a re-created table starts empty', async () => {
    const store = await fixture.open();
    const table = fixture.table(simpleKey);
    await store.createTable(table);
    store.write([{ table, key: { pk: S('a') }, type: 'put', item: { pk: S('a') } }]);
    await store.deleteTable(table.tenant, table.name);
    expect(store.getTable(table.tenant, table.name)).toBeUndefined();
    expect(() => store.getItem(table, { pk: S('a') })).toThrow(expect.objectContaining({ code: 'ERR_TABLE_NOT_FOUND' }));
    const recreated = { ...table, id: `${table.id}-2` };
    await store.createTable(recreated);
    expect(store.getItem(recreated, { pk: S('a') })).toBeUndefined();
    expect([...store.scan(recreated, {})]).toEqual([]);
    expect(store.tableStats(recreated).itemCount).toBe(0);
  });
});

describe('NodeStore items: attribute names are data', () => {
  it('keeps an attribute or map key named __proto__ through put, update, restart and a fresh put', async () => {
    const dataDir = await fixture.dataDir();
    const store = await fixture.open({ dataDir });
    const table = fixture.table(simpleKey);
    await store.createTable(table);
    const key = { pk: S('proto') };
    const item: Item = JSON.parse('{"pk":{"S":"proto"},"__proto__":{"S":"top"},"m":{"M":{"__proto__":{"N":"1"},"b":{"S":"x"}}}}');
    await store.write([{ table, key, type: 'put', item }]).durable;
    const stored = store.getItem(table, key)!;
    expect(Object.keys(stored)).toEqual(['pk', '__proto__', 'm']);
    expect(JSON.stringify(stored)).toBe(JSON.stringify(item));
    await store.write([{ table, key, type: 'update', actions: [{ kind: 'increment', path: ['m', '__proto__'], delta: '2' }] }]).durable;
    expect(JSON.parse(JSON.stringify(store.getItem(table, key))).m).toEqual(JSON.parse('{"M":{"__proto__":{"N":"3"},"b":{"S":"x"}}}'));
    await store.close();
    const reopened = await fixture.open({ dataDir });
    const afterRestart = reopened.getItem(table, key)!;
    expect(Object.getPrototypeOf(afterRestart)).toBe(Object.prototype);
    expect(JSON.stringify(afterRestart)).toBe('{"pk":{"S":"proto"},"__proto__":{"S":"top"},"m":{"M":{"__proto__":{"N":"3"},"b":{"S":"x"}}}}');
  });
});
