import { afterAll, describe, expect, it } from '@jest/globals';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { itemSize, type Item } from '@kuhiro/expressions';
import { encodeFreshPut } from '../../src/item/freshPut.js';
import { ItemReplica, type ItemMutation } from '../../src/item/itemReplica.js';
import { REGENERABLE_STATE } from '../../src/item/stateText.js';
import type { NodeStore } from '../../src/nodeStore.js';
import type { ItemRecord } from '../../src/table/tableState.js';
import type { CommittedWrite, KeySchema, TableRecord } from '../../src/types.js';
import { item as anyAttributes } from '../item/randomItems.js';
import { N, S, StoreFixture } from '../storeFixture.js';

const fixture = new StoreFixture();
afterAll(() => fixture.cleanup());

/** Random items DynamoDB accepts (numbers within its range; validation happens before the store). */
const randomAttributes = anyAttributes.filter((attributes) => {
  try {
    itemSize(attributes);
    return true;
  } catch {
    return false;
  }
});

const schema: KeySchema = { partition: [{ name: 'pk', type: 'S' }], sort: [{ name: 'sk', type: 'N' }] };
const keyOf = (i: number): Item => ({ pk: S(`p${i}`), sk: N(i) });
const withKey = (key: Item, attributes: Item | undefined): Item | undefined => (attributes === undefined ? undefined : { ...key, ...attributes });
const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));

/** The record the store keeps (getStoredItem hands out the record itself). */
const recordOf = (store: NodeStore, table: TableRecord, key: Item): ItemRecord => store.getStoredItem(table, key) as unknown as ItemRecord;

/** Every item's state as `itemStates` exports it, by partition key. */
function statesOf(store: NodeStore, table: TableRecord): Map<string, Uint8Array> {
  const states = new Map<string, Uint8Array>();
  for (const { key, state } of store.itemStates(table)) states.set((key['pk'] as { S: string }).S, state);
  return states;
}

/** What a document holding `state` materializes to. */
function materialized(state: Uint8Array): Item | undefined {
  const replica = ItemReplica.fromState(state, 1);
  try {
    return replica.materialize();
  } finally {
    replica.destroy();
  }
}

/**
 * A write after the fresh put: local ones run on the node, `remote` comes from a replica that had
 * seen the put, `concurrentPut` from one that created the same item on its own at the same time.
 */
type FollowUp = { local: ItemMutation } | { remote: ItemMutation } | { concurrentPut: Item };
const followUp: fc.Arbitrary<FollowUp> = fc.oneof(
  fc.constant({ local: { type: 'update', actions: [{ kind: 'set', path: ['zz'], value: S('v') }] } as ItemMutation }),
  fc.constant({ local: { type: 'update', actions: [{ kind: 'increment', path: ['cnt'], delta: '3' }] } as ItemMutation }),
  fc.constant({ local: { type: 'delete' } as ItemMutation }),
  randomAttributes.map((attributes) => ({ local: { type: 'put', attributes } as ItemMutation })),
  fc.constant({ remote: { type: 'update', actions: [{ kind: 'set', path: ['zz'], value: N(9) }] } as ItemMutation }),
  randomAttributes.map((attributes) => ({ concurrentPut: attributes })),
);

function writeOf(table: TableRecord, key: Item, mutation: ItemMutation) {
  if (mutation.type === 'put') return { table, key, type: 'put' as const, item: withKey(key, mutation.attributes)! };
  if (mutation.type === 'delete') return { table, key, type: 'delete' as const };
  return { table, key, type: 'update' as const, actions: mutation.actions };
}

describe('regenerable states (a fresh put keeps no Yjs state)', () => {
  it('regenerates the state the put encoded, and later writes give the same Yjs result as from the stored state', async () => {
    const store = await fixture.open();
    const commits: CommittedWrite[] = [];
    store.onCommit((write) => commits.push(write));
    let marked = 0;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(randomAttributes, followUp), { minLength: 1, maxLength: 6 }), async (cases) => {
        const table = fixture.table(schema);
        await store.createTable(table);
        runs++;
        const expected = cases.map(([attributes], i) => {
          const fresh = encodeFreshPut(attributes, store.clientId)!;
          store.write([{ table, key: keyOf(i), type: 'put', item: withKey(keyOf(i), attributes)! }]);
          // What the store kept before regenerable states: the put's own update.
          return fresh;
        });
        const exported = statesOf(store, table);
        expected.forEach((fresh, i) => {
          const isMarked = recordOf(store, table, keyOf(i)).state === REGENERABLE_STATE;
          expect(isMarked).toBe(fresh.regenerable);
          if (isMarked) marked++;
          expect(same(exported.get(`p${i}`)!, fresh.update)).toBe(true);
        });
        // Each item's next write, against a document hydrated from the state the old path kept.
        for (const [i, [, next]] of cases.entries()) {
          const key = keyOf(i);
          const reference = ItemReplica.fromState(expected[i]!.update, store.clientId);
          commits.length = 0;
          if ('local' in next) {
            const referenceUpdate = reference.apply(next.local);
            store.write([writeOf(table, key, next.local)]);
            // A write that changes nothing (the same put again) commits nothing, as without regenerable states.
            expect(commits).toHaveLength(referenceUpdate.length === 0 ? 0 : 1);
            if (commits.length > 0) expect(same(commits[0]!.items[0]!.update, referenceUpdate)).toBe(true);
          } else {
            const peer = ItemReplica.fromState('remote' in next ? expected[i]!.update : undefined, 0x7777);
            const update = peer.apply('remote' in next ? next.remote : { type: 'put', attributes: next.concurrentPut });
            peer.destroy();
            reference.applyUpdate(update);
            store.applyRemote([{ tenant: table.tenant, tableName: table.name, key, update }]);
          }
          const referenceItem = withKey(key, reference.materialize());
          expect(store.getItem(table, key)).toEqual(referenceItem);
          const state = [...store.itemStates(table)].find((entry) => (entry.key['pk'] as { S: string }).S === `p${i}`)!.state;
          expect(withKey(key, materialized(state))).toEqual(referenceItem);
          reference.destroy();
          const record = store.getStoredItem(table, key) as unknown as ItemRecord | undefined;
          if (record !== undefined) expect(record.state).not.toBe(REGENERABLE_STATE);
        }
      }),
      { numRuns: 40 },
    );
    // The optimisation was exercised, and items that cannot regenerate were too.
    expect(marked).toBeGreaterThan(runs);
  });

  it('survives a snapshot and restart byte for byte, also with writes after the snapshot replayed from the log', async () => {
    const dataDir = await fixture.dataDir();
    const store = await fixture.open({ dataDir });
    const table = fixture.table(schema);
    await store.createTable(table);
    const items = fc.sample(randomAttributes, { numRuns: 150, seed: 4242 });
    items.push({ s: { SS: ['b', 'a'] } }); // not regenerable: unsorted set
    items.forEach((attributes, i) => store.write([{ table, key: keyOf(i), type: 'put', item: withKey(keyOf(i), attributes)! }]));
    store.write([{ table, key: keyOf(0), type: 'delete' }]);
    const regenerable = items.map((attributes) => encodeFreshPut(attributes, store.clientId)!.regenerable);
    expect(regenerable.filter(Boolean).length).toBeGreaterThan(50);
    const before = statesOf(store, table);
    const itemsBefore = items.map((_, i) => store.getItem(table, keyOf(i)));
    await store.close();

    // No snapshot on close: the writes below are only in the log when it is opened again.
    const reopened = await fixture.open({ dataDir, snapshotOnClose: false });
    expect(reopened.clientId).toBe(store.clientId);
    const after = statesOf(reopened, table);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    // Untouched since their put: byte for byte. The deleted one was compacted by the snapshot (as always).
    for (const [pk, state] of before) if (pk !== 'p0') expect(same(after.get(pk)!, state)).toBe(true);
    expect(materialized(after.get('p0')!)).toBeUndefined();
    items.forEach((_, i) => {
      expect(reopened.getItem(table, keyOf(i))).toEqual(itemsBefore[i]);
      if (i > 0) expect(recordOf(reopened, table, keyOf(i)).state === REGENERABLE_STATE).toBe(regenerable[i]);
    });

    // Writes after the snapshot, replayed at the next start: the replay must not regenerate from the changed item.
    const touched = [1, 2, 3, 4, 5];
    for (const i of touched) reopened.write([{ table, key: keyOf(i), type: 'update', actions: [{ kind: 'increment', path: ['cnt'], delta: '1' }] }]);
    const logged: Item[] = [{ a: S('logged'), s: { SS: ['a', 'b'] } }, { s: { SS: ['b', 'a'] } }];
    logged.forEach((attributes, j) => reopened.write([{ table, key: keyOf(1000 + j), type: 'put', item: withKey(keyOf(1000 + j), attributes)! }]));
    const beforeReplay = new Map([...statesOf(reopened, table)].map(([pk, state]) => [pk, materialized(state)]));
    const itemsBeforeReplay = items.map((_, i) => reopened.getItem(table, keyOf(i)));
    await reopened.close();

    const replayed = await fixture.open({ dataDir });
    const afterReplay = statesOf(replayed, table);
    for (const [pk, item] of beforeReplay) expect(materialized(afterReplay.get(pk)!)).toEqual(item);
    items.forEach((_, i) => expect(replayed.getItem(table, keyOf(i))).toEqual(itemsBeforeReplay[i]));
    for (const i of touched) expect(recordOf(replayed, table, keyOf(i)).state).not.toBe(REGENERABLE_STATE);
    // Items created by replayed puts drop their state at the next snapshot, when it re-encodes.
    await replayed.snapshot();
    logged.forEach((attributes, j) => {
      const fresh = encodeFreshPut(attributes, replayed.clientId)!;
      expect(recordOf(replayed, table, keyOf(1000 + j)).state === REGENERABLE_STATE).toBe(fresh.regenerable);
      expect(same(statesOf(replayed, table).get(`p${1000 + j}`)!, fresh.update)).toBe(true);
    });
    expect(recordOf(replayed, table, keyOf(1000)).state).toBe(REGENERABLE_STATE);
    for (const i of touched) expect(recordOf(replayed, table, keyOf(i)).state).not.toBe(REGENERABLE_STATE);
    // One more write on a restored item: the same as on the document of the state it had.
    replayed.write([{ table, key: keyOf(7), type: 'update', actions: [{ kind: 'set', path: ['zz'], value: S('after') }] }]);
    const reference = ItemReplica.fromState(before.get('p7')!, replayed.clientId);
    reference.apply({ type: 'update', actions: [{ kind: 'set', path: ['zz'], value: S('after') }] });
    expect(replayed.getItem(table, keyOf(7))).toEqual(withKey(keyOf(7), reference.materialize()));
    reference.destroy();
  });

  it('gives the states back with the old clientID when the node restarts under a new one', async () => {
    const dataDir = await fixture.dataDir();
    const store = await fixture.open({ dataDir });
    const table = fixture.table(schema);
    await store.createTable(table);
    const items: Item[] = [{ a: S('x'), n: N('1.50') }, { m: { M: { '1': { NS: ['1', '2'] }, b: { L: [S('y')] } } } }];
    items.forEach((attributes, i) => store.write([{ table, key: keyOf(i), type: 'put', item: withKey(keyOf(i), attributes)! }]));
    expect(recordOf(store, table, keyOf(0)).state).toBe(REGENERABLE_STATE);
    const before = statesOf(store, table);
    await store.close();
    // Data without node.json: the node takes a new random clientID.
    await rm(join(dataDir, 'node.json'));
    const reopened = await fixture.open({ dataDir });
    expect(reopened.clientId).not.toBe(store.clientId);
    const after = statesOf(reopened, table);
    for (const [pk, state] of before) expect(same(after.get(pk)!, state)).toBe(true);
    items.forEach((_, i) => expect(recordOf(reopened, table, keyOf(i)).state).not.toBe(REGENERABLE_STATE));
  });
});
