import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import type { Item } from '@kuhiro/expressions';
import { encodeFreshPut } from '../../src/item/freshPut.js';
import { ItemReplica } from '../../src/item/itemReplica.js';
import { clientId, item } from './randomItems.js';

/** The reference: a fresh document, one put transaction, its update, its state, its materialized item. */
function viaDocument(attributes: Item, clientId: number) {
  const replica = ItemReplica.fromState(undefined, clientId);
  try {
    const update = replica.apply({ type: 'put', attributes });
    return { update, state: replica.encodeState(), materialized: replica.materialize() };
  } finally {
    replica.destroy();
  }
}

describe('encodeFreshPut (a new item without a Y.Doc)', () => {
  it('produces the exact update, state and materialized item of the document path, for random items', () => {
    fc.assert(
      fc.property(item, clientId, (attributes, id) => {
        const fast = encodeFreshPut(attributes, id);
        const reference = viaDocument(attributes, id);
        expect(fast).toBeDefined();
        expect(Buffer.from(fast!.update).equals(Buffer.from(reference.update))).toBe(true);
        expect(Buffer.from(fast!.update).equals(Buffer.from(reference.state))).toBe(true);
        expect(fast!.attributes).toStrictEqual(reference.materialized);
        expect(Object.keys(fast!.attributes)).toEqual(Object.keys(reference.materialized!));
      }),
      { numRuns: 400 },
    );
  });

  it('marks a put regenerable exactly when its stored item (a JSON round trip) re-encodes to the same bytes', () => {
    let regenerable = 0;
    fc.assert(
      fc.property(item, clientId, (attributes, id) => {
        const fast = encodeFreshPut(attributes, id)!;
        const again = encodeFreshPut(JSON.parse(JSON.stringify(fast.attributes)) as Item, id)!;
        expect(fast.regenerable).toBe(Buffer.from(again.update).equals(Buffer.from(fast.update)));
        if (fast.regenerable) regenerable++;
      }),
      { numRuns: 400 },
    );
    // Both outcomes occur (unsorted sets are not regenerable), so neither side is vacuous.
    expect(regenerable).toBeGreaterThan(50);
    expect(regenerable).toBeLessThan(400);
    expect(encodeFreshPut({ s: { SS: ['b', 'a'] } }, 1)!.regenerable).toBe(false);
    expect(encodeFreshPut({ s: { SS: ['a', 'b'] }, n: { N: '1.50' } }, 1)!.regenerable).toBe(true);
    expect(encodeFreshPut(JSON.parse('{"__proto__":{"S":"x"}}') as Item, 1)!.regenerable).toBe(false);
  });

  it('covers the bench item and an item with no attributes (existence tag)', () => {
    for (const attributes of [
      { name: { S: 'kuhiro bench item' }, hits: { N: '7' }, tags: { SS: ['b', 'a'] }, payload: { S: 'x'.repeat(100) } },
      {},
      { m: { M: { inner: { M: { s: { NS: ['3', '1', '2'] } } }, l: { L: [{ SS: ['z', 'y'] }, { M: {} }] } } } },
    ] as Item[]) {
      const fast = encodeFreshPut(attributes, 0x5eed);
      const reference = viaDocument(attributes, 0x5eed);
      expect(Buffer.from(fast!.update).equals(Buffer.from(reference.update))).toBe(true);
      expect(fast!.attributes).toStrictEqual(reference.materialized);
    }
  });

  it('an update it encodes applies to a document like any other (replicas converge on it)', () => {
    const attributes: Item = { a: { S: 'x' }, n: { N: '5' }, s: { SS: ['q', 'p'] }, l: { L: [{ N: '1' }] } };
    const fast = encodeFreshPut(attributes, 42)!;
    const other = ItemReplica.fromState(undefined, 43);
    other.applyUpdate(fast.update);
    expect(other.materialize()).toStrictEqual({ a: { S: 'x' }, n: { N: '5' }, s: { SS: ['p', 'q'] }, l: { L: [{ N: '1' }] } });
    other.apply({ type: 'update', actions: [{ kind: 'increment', path: ['n'], delta: '2' }] });
    expect(other.materialize()!['n']).toEqual({ N: '7' });
    other.destroy();
  });

  it('declines sets it cannot encode exactly (duplicate members, empty sets), which validation never lets through', () => {
    expect(encodeFreshPut({ s: { SS: ['a', 'a'] } }, 1)).toBeUndefined();
    expect(encodeFreshPut({ m: { M: { s: { NS: [] } } } }, 1)).toBeUndefined();
  });

  it('does not share objects with its input (later changes to the request cannot reach the store)', () => {
    const input = { m: { M: { l: { L: [{ S: 'e' }] } } } };
    const fast = encodeFreshPut(input, 1)!;
    (input.m.M.l.L as unknown[]).push({ S: 'mutated' });
    expect(fast.attributes).toStrictEqual({ m: { M: { l: { L: [{ S: 'e' }] } } } });
  });
});
