import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import type { AttributeValue, Item } from '@kuhiro/expressions';
import { encodeFreshPut } from '../../src/item/freshPut.js';
import { ItemReplica } from '../../src/item/itemReplica.js';

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

// Names and text with the characters the key format escapes or separates on, and non-ASCII.
const text = fc.string({ unit: fc.constantFrom('a', 'b', 'Z', '0', '9', '%', '#', '.', ' ', '\u0001', '\u0005', 'é', '漢', '😀'), maxLength: 6 });
const name = text;
const numberText = fc.oneof(fc.integer().map(String), fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => String(d)), fc.constantFrom('1E+10', '-0.000', '12345678901234567890123456789012345678'));
const uniqueStrings = (item: fc.Arbitrary<string>) => fc.uniqueArray(item, { minLength: 1, maxLength: 5 });

const attributeValue: fc.Arbitrary<AttributeValue> = fc.letrec<{ value: AttributeValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text.map((S) => ({ S })),
    numberText.map((N) => ({ N })),
    fc.base64String({ maxLength: 12 }).map((B) => ({ B })),
    fc.boolean().map((BOOL) => ({ BOOL })),
    fc.constant({ NULL: true as const }),
    uniqueStrings(text).map((SS) => ({ SS })),
    uniqueStrings(numberText).map((NS) => ({ NS })),
    uniqueStrings(fc.base64String({ minLength: 4, maxLength: 8 })).map((BS) => ({ BS })),
    fc.dictionary(name, tie('value'), { maxKeys: 4 }).map((M) => ({ M })),
    fc.array(tie('value'), { maxLength: 4 }).map((L) => ({ L })),
  ),
})).value;

const item = fc.dictionary(name, attributeValue, { maxKeys: 6 });
// Small ids, ids past 2^31 (lib0 then writes the register's `w` as a float) and the largest.
const clientId = fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 2 ** 31 - 2, max: 2 ** 32 - 1 }));

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
