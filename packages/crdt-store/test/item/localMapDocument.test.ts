import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import * as Y from 'yjs';
import type { AttributeValue, DocumentPath, Item, ResolvedAction } from '@kuhiro/expressions';
import { encodeFreshPut } from '../../src/item/freshPut.js';
import { ItemReplica, type ItemMutation } from '../../src/item/itemReplica.js';
import { attributeValue, clientId, item, numberText, text } from './randomItems.js';

const SEED = Number(process.env['FC_SEED'] ?? 20261123);

// A small pool of names (with characters the key format escapes), so writes hit existing attributes.
const names = fc.constantFrom('a', 'b', 'c', 'm', 'n%', 'é#');
const mapOnlyValue: fc.Arbitrary<AttributeValue> = fc.letrec<{ value: AttributeValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text.map((S) => ({ S })),
    numberText.map((N) => ({ N })),
    fc.boolean().map((BOOL) => ({ BOOL })),
    fc.uniqueArray(fc.constantFrom('x', 'y', 'z', 'w'), { minLength: 1, maxLength: 3 }).map((SS) => ({ SS })),
    fc.constant({ L: [] as AttributeValue[] }),
    fc.dictionary(names, tie('value'), { maxKeys: 3 }).map((M) => ({ M })),
  ),
})).value;
const mapOnlyItem = fc.dictionary(names, mapOnlyValue, { maxKeys: 5 });

/** Paths that exist or not: a top-level name, or a key of map `m`. */
const path: fc.Arbitrary<DocumentPath> = fc.oneof(names.map((n) => [n]), names.map((n) => ['m', n]));
const members = fc.uniqueArray(fc.constantFrom('x', 'y', 'z', 'w'), { minLength: 1, maxLength: 3 });

function action(values: fc.Arbitrary<AttributeValue>): fc.Arbitrary<ResolvedAction> {
  return fc.oneof(
    fc.record({ kind: fc.constant('set' as const), path, value: values }),
    fc.record({ kind: fc.constant('remove' as const), path }),
    fc.record({ kind: fc.constant('increment' as const), path, delta: fc.integer({ min: -3, max: 5 }).map(String) }),
    fc.record({ kind: fc.constant('increment' as const), path, delta: fc.constant('1'), initial: fc.constant('10') }),
    fc.record({ kind: fc.constant('addToSet' as const), path, setType: fc.constant('SS' as const), members }),
    fc.record({ kind: fc.constant('deleteFromSet' as const), path, setType: fc.constant('SS' as const), members }),
    // A list edit: the local document hands the item to a Y.Doc.
    fc.record({ kind: fc.constant('appendList' as const), path, values: fc.array(values, { maxLength: 2 }), position: fc.constantFrom('end' as const, 'start' as const) }),
  );
}

/** Update actions on distinct top-level attributes (the parser refuses overlapping paths). */
function mutation(values: fc.Arbitrary<AttributeValue>, items: fc.Arbitrary<Item>): fc.Arbitrary<ItemMutation> {
  const update = fc
    .uniqueArray(action(values), { minLength: 1, maxLength: 3, selector: (a) => a.path[0] })
    .map((actions) => ({ type: 'update' as const, actions }));
  return fc.oneof(
    { weight: 3, arbitrary: update },
    { weight: 2, arbitrary: items.map((attributes) => ({ type: 'put' as const, attributes })) },
    { weight: 1, arbitrary: fc.constant({ type: 'delete' as const }) },
  );
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** Runs the writes on a local-document replica and on a Y.Doc replica; both must agree byte for byte. */
function compare(initial: Item, id: number, writes: ItemMutation[], viaFreshPut: boolean, rehydrateAt = -1): { stayedLocal: boolean } {
  const state = viaFreshPut ? encodeFreshPut(initial, id)?.update : undefined;
  const reference = ItemReplica.fromState(undefined, id, 'yjs');
  const initialUpdate = reference.apply({ type: 'put', attributes: initial });
  const start = state ?? reference.encodeState();
  if (state !== undefined) expect(hex(state)).toBe(hex(initialUpdate));
  let local = ItemReplica.fromState(start, id);
  // Only a list's elements (a Y.Array) keep an item from starting without a Y.Doc.
  expect(local.isLocal).toBe(!JSON.stringify(initial).includes('"L":[{'));
  // A replica elsewhere that holds the old state and receives the updates (what replication does).
  const peer = ItemReplica.fromState(start, id + 1, 'yjs');
  const updates: Uint8Array[] = [];
  try {
    for (const [step, write] of writes.entries()) {
      if (step === rehydrateAt) {
        // Evicted and hydrated again from its compacted state, as the store does with cold items.
        const wasLocal = local.isLocal;
        const state = local.encodeState();
        local.destroy();
        local = ItemReplica.fromState(state, id);
        if (wasLocal) expect(local.isLocal).toBe(true);
      }
      let expected: Uint8Array;
      try {
        expected = reference.apply(write);
      } catch (error) {
        // An action that does not fit the item (e.g. ADD to a map) fails alike on both paths.
        expect(() => local.apply(write)).toThrow((error as Error).message);
        return { stayedLocal: local.isLocal };
      }
      const actual = local.apply(write);
      expect(hex(actual)).toBe(hex(expected));
      if (actual.length > 0) peer.applyUpdate(actual);
      if (actual.length > 0) updates.push(actual);
      const materialized = local.materialize();
      expect(materialized).toStrictEqual(reference.materialize());
      expect(Object.keys(materialized ?? {})).toEqual(Object.keys(reference.materialize() ?? {}));
      expect(hex(local.stateVector())).toBe(hex(reference.stateVector()));
    }
    expect(peer.materialize()).toStrictEqual(reference.materialize());
    // The state the local replica compacts to hydrates to the same document as the reference's.
    const localState = local.encodeState();
    const again = ItemReplica.fromState(localState, id, 'yjs');
    expect(again.materialize()).toStrictEqual(reference.materialize());
    const doc = toDoc(localState);
    expect(hex(Y.encodeStateVector(doc))).toBe(hex(reference.stateVector()));
    doc.destroy();
    expect(hex(localState)).toBe(hex(reference.encodeState()));
    again.destroy();
    // Log replay: the stored state, then each update (kept local while they are this node's own).
    const replayed = ItemReplica.fromState(start, id);
    for (const update of updates) replayed.applyUpdate(update);
    expect(hex(replayed.encodeState())).toBe(hex(reference.encodeState()));
    if (local.isLocal) expect(replayed.isLocal).toBe(true);
    replayed.destroy();
    // A snapshot merges state and updates with Y.mergeUpdates (deleted content kept): hydrates alike.
    const merged = ItemReplica.fromState(Y.mergeUpdates([start, ...updates]), id);
    expect(merged.materialize()).toStrictEqual(reference.materialize());
    expect(hex(merged.encodeState())).toBe(hex(reference.encodeState()));
    merged.destroy();
    return { stayedLocal: local.isLocal };
  } finally {
    reference.destroy();
    local.destroy();
    peer.destroy();
  }
}

function toDoc(state: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc;
}

describe('LocalMapDocument (writes of a locally written item without a Y.Doc)', () => {
  it('writes the same update bytes and materializes the same item as the Y.Doc path (map-only items and writes)', () => {
    let local = 0;
    fc.assert(
      fc.property(mapOnlyItem, clientId, fc.array(mutation(mapOnlyValue, mapOnlyItem), { minLength: 1, maxLength: 8 }), fc.boolean(), fc.nat(8), (initial, id, writes, viaFreshPut, rehydrateAt) => {
        if (compare(initial, id, writes, viaFreshPut, rehydrateAt).stayedLocal) local++;
      }),
      { numRuns: 200, seed: SEED },
    );
    // Most runs never leave the local document, so the comparison is not vacuous.
    expect(local).toBeGreaterThan(130);
  });

  it('falls back to a Y.Doc for lists and still agrees (any item, any write)', () => {
    let fellBack = 0;
    fc.assert(
      fc.property(item, clientId, fc.array(mutation(attributeValue, item), { minLength: 1, maxLength: 6 }), (initial, id, writes) => {
        const fresh = encodeFreshPut(initial, id);
        if (!compare(initial, id, writes, fresh !== undefined).stayedLocal) fellBack++;
      }),
      { numRuns: 200, seed: SEED },
    );
    expect(fellBack).toBeGreaterThan(20);
  });

  it('covers the bench writes: overwrite puts and SET + ADD updates, many times over', () => {
    const id = 0x5eed;
    const put = (i: number): ItemMutation => ({
      type: 'put',
      attributes: { name: { S: 'kuhiro bench item' }, hits: { N: String(i) }, tags: { SS: ['a', 'b'] }, payload: { S: 'x'.repeat(100) } },
    });
    const updateOf = (i: number): ItemMutation => ({
      type: 'update',
      actions: [
        { kind: 'set', path: ['updatedAt'], value: { N: String(i) } },
        { kind: 'increment', path: ['hits'], delta: '1' },
      ],
    });
    const writes: ItemMutation[] = [];
    for (let i = 1; i < 150; i++) writes.push(i % 3 === 0 ? updateOf(i) : put(i));
    const first = put(0) as { attributes: Item };
    expect(compare(first.attributes, id, writes, true, 77).stayedLocal).toBe(true);
  });

  it('takes the node own later updates (log replay) without leaving the local document, and a remote one by turning into a Y.Doc', () => {
    const id = 41;
    const writer = ItemReplica.fromState(undefined, id, 'yjs');
    const updates = [
      writer.apply({ type: 'put', attributes: { a: { S: '1' }, n: { N: '5' } } }),
      writer.apply({ type: 'update', actions: [{ kind: 'increment', path: ['n'], delta: '2' }] }),
      writer.apply({ type: 'put', attributes: { a: { S: '2' } } }),
    ];
    const replayed = ItemReplica.fromState(updates[0], id);
    replayed.applyUpdate(updates[1]!);
    replayed.applyUpdate(updates[2]!);
    expect(replayed.isLocal).toBe(true);
    expect(replayed.materialize()).toStrictEqual(writer.materialize());
    // A duplicate is idempotent, through the Y.Doc it now needs.
    replayed.applyUpdate(updates[1]!);
    expect(replayed.isLocal).toBe(false);
    expect(replayed.materialize()).toStrictEqual(writer.materialize());
    const other = ItemReplica.fromState(writer.encodeState(), 99, 'yjs');
    const remote = other.apply({ type: 'update', actions: [{ kind: 'set', path: ['b'], value: { S: 'remote' } }] });
    const local = ItemReplica.fromState(writer.encodeState(), id);
    expect(local.isLocal).toBe(true);
    local.applyUpdate(remote);
    expect(local.isLocal).toBe(false);
    expect(local.materialize()).toStrictEqual({ a: { S: '2' }, b: { S: 'remote' } });
    for (const replica of [writer, replayed, other, local]) replica.destroy();
  });
});
