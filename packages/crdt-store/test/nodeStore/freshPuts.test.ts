import { afterAll, describe, expect, it } from '@jest/globals';
import type { Item } from '@kuhiro/expressions';
import { ItemReplica } from '../../src/item/itemReplica.js';
import type { CommittedWrite, KeySchema } from '../../src/types.js';
import { N, S, StoreFixture } from '../storeFixture.js';

const fixture = new StoreFixture();
afterAll(() => fixture.cleanup());

const simpleKey: KeySchema = { partition: [{ name: 'pk', type: 'S' }], sort: [] };

/** What a peer sees: the committed updates of one item applied to a fresh document. */
function peerView(writes: CommittedWrite[], pk: string): Item | undefined {
  const peer = ItemReplica.fromState(undefined, 999);
  for (const write of writes) for (const item of write.items) if ((item.key['pk'] as { S: string }).S === pk) peer.applyUpdate(item.update);
  const attributes = peer.materialize();
  peer.destroy();
  return attributes;
}

/** Puts of new items take the document-free path (item/freshPut.ts); these check the store around it. */
describe('NodeStore puts of new items', () => {
  it('a new item and later writes to it (same write and next writes) stay consistent, also after a restart', async () => {
    const dataDir = await fixture.dataDir();
    const store = await fixture.open({ dataDir, snapshotOnClose: false });
    const table = fixture.table(simpleKey);
    await store.createTable(table);
    const commits: CommittedWrite[] = [];
    store.onCommit((write) => commits.push(write));

    const first = store.write([
      { table, key: { pk: S('a') }, type: 'put', item: { pk: S('a'), n: N(1), s: { SS: ['y', 'x'] } } },
      // The same new item again in one write: continues from the first put's state.
      { table, key: { pk: S('a') }, type: 'update', actions: [{ kind: 'increment', path: ['n'], delta: '2' }] },
      { table, key: { pk: S('b') }, type: 'put', item: { pk: S('b'), v: S('one') } },
      { table, key: { pk: S('b') }, type: 'put', item: { pk: S('b'), v: S('two') } },
      { table, key: { pk: S('c') }, type: 'put', item: { pk: S('c') } },
    ]);
    expect(first.changes.map((change) => change.new)).toEqual([
      { pk: S('a'), n: N(1), s: { SS: ['x', 'y'] } },
      { pk: S('a'), n: N(3), s: { SS: ['x', 'y'] } },
      { pk: S('b'), v: S('one') },
      { pk: S('b'), v: S('two') },
      { pk: S('c') },
    ]);
    expect(first.changes[3]!.old).toEqual({ pk: S('b'), v: S('one') });
    await first.durable;

    // The stored state must hold the fresh put: a second and third write hydrate from it.
    store.write([{ table, key: { pk: S('b') }, type: 'update', actions: [{ kind: 'set', path: ['w'], value: N(5) }] }]);
    store.write([{ table, key: { pk: S('c') }, type: 'update', actions: [{ kind: 'addToSet', path: ['t'], setType: 'NS', members: ['1'] }] }]);
    const last = store.write([{ table, key: { pk: S('b') }, type: 'update', actions: [{ kind: 'increment', path: ['w'], delta: '1' }] }]);
    await last.durable;
    const expected = {
      a: { pk: S('a'), n: N(3), s: { SS: ['x', 'y'] } },
      b: { pk: S('b'), v: S('two'), w: N(6) },
      c: { pk: S('c'), t: { NS: ['1'] } },
    };
    for (const pk of ['a', 'b', 'c'] as const) {
      expect(store.getItem(table, { pk: S(pk) })).toEqual(expected[pk]);
      // Replication sees the same item from the updates alone (key attributes live outside the document).
      const { pk: _key, ...attributes } = expected[pk];
      expect(peerView(commits, pk)).toEqual(attributes);
    }
    await store.close();

    // Replayed from the log alone (no snapshot on close).
    const reopened = await fixture.open({ dataDir });
    for (const pk of ['a', 'b', 'c'] as const) expect(reopened.getItem(table, { pk: S(pk) })).toEqual(expected[pk]);
    const afterRestart = reopened.write([{ table, key: { pk: S('a') }, type: 'update', actions: [{ kind: 'increment', path: ['n'], delta: '10' }] }]);
    expect(afterRestart.changes[0]!.new).toEqual({ pk: S('a'), n: N(13), s: { SS: ['x', 'y'] } });
  });

  it('a put over a deleted item (a tombstone) still removes what the delete left, through the document', async () => {
    const store = await fixture.open();
    const table = fixture.table(simpleKey);
    await store.createTable(table);
    const key = { pk: S('t') };
    store.write([{ table, key, type: 'put', item: { pk: S('t'), old: S('x') } }]);
    store.write([{ table, key, type: 'delete' }]);
    const again = store.write([{ table, key, type: 'put', item: { pk: S('t'), fresh: S('y') } }]);
    expect(again.changes[0]).toEqual({ old: undefined, new: { pk: S('t'), fresh: S('y') } });
    expect(store.getItem(table, key)).toEqual({ pk: S('t'), fresh: S('y') });
  });
});
