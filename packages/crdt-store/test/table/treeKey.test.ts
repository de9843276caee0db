import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  hashOfTreeKey,
  indexTreeKeyOf,
  segmentOfHash,
  segmentStartHash,
  tableTreeKeyOfIndexKey,
  treeKeyBoundOfHash,
  treeKeyOf,
} from '../../src/table/treeKey.js';
import type { KeySchema } from '../../src/types.js';

const tableKey: KeySchema = { partition: [{ name: 'pk', type: 'S' }], sort: [{ name: 'sk', type: 'N' }] };

describe('treeKeyOf', () => {
  it('keeps the items of one partition together in sort order', () => {
    const a = treeKeyOf({ pk: { S: 'p' }, sk: { N: '-5' } }, tableKey)!;
    const b = treeKeyOf({ pk: { S: 'p' }, sk: { N: '3' } }, tableKey)!;
    const other = treeKeyOf({ pk: { S: 'q' }, sk: { N: '0' } }, tableKey)!;
    expect(a < b).toBe(true);
    expect(hashOfTreeKey(a)).toBe(hashOfTreeKey(b));
    expect(hashOfTreeKey(a)).not.toBe(hashOfTreeKey(other));
  });

  it('is undefined when a key attribute is missing or has another type', () => {
    expect(treeKeyOf({ pk: { S: 'p' } }, tableKey)).toBeUndefined();
    expect(treeKeyOf({ pk: { S: 'p' }, sk: { S: '1' } }, tableKey)).toBeUndefined();
  });
});

describe('indexTreeKeyOf', () => {
  const indexKey: KeySchema = { partition: [{ name: 'g', type: 'S' }], sort: [] };
  it('distinguishes items with equal index keys by their table key', () => {
    const a = indexTreeKeyOf({ pk: { S: 'a' }, sk: { N: '1' }, g: { S: 'x' } }, indexKey, tableKey);
    const b = indexTreeKeyOf({ pk: { S: 'b' }, sk: { N: '1' }, g: { S: 'x' } }, indexKey, tableKey);
    expect(a).toBeDefined();
    expect(a).not.toBe(b);
    expect(indexTreeKeyOf({ pk: { S: 'a' }, sk: { N: '1' } }, indexKey, tableKey)).toBeUndefined();
  });
});

describe('parallel scan segments', () => {
  it('assign every hash to the one segment whose key range holds it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 1, max: 1_000_000 }), (hash, total) => {
        const segment = segmentOfHash(hash, total);
        expect(segment).toBeGreaterThanOrEqual(0);
        expect(segment).toBeLessThan(total);
        const key = treeKeyBoundOfHash(hash) + 'rest';
        expect(key >= treeKeyBoundOfHash(segmentStartHash(segment, total))).toBe(true);
        expect(key < treeKeyBoundOfHash(segmentStartHash(segment + 1, total))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('tableTreeKeyOfIndexKey', () => {
  const value = (type: 'S' | 'N' | 'B') =>
    type === 'S'
      ? fc.string({ unit: 'binary', maxLength: 6 }).map((S) => ({ S: S + '\u0000x' }))
      : type === 'B'
        ? fc.uint8Array({ maxLength: 5 }).map((bytes) => ({ B: Buffer.from([0, ...bytes, 0]).toString('base64') }))
        : fc.oneof(fc.integer({ min: -1e9, max: 1e9 }).map(String), fc.constantFrom('0', '-0.001', '1e20', '-7.25e-3')).map((N) => ({ N }));

  it('finds the item tree key inside an index tree key, for any key types and multi-attribute GSI keys', () => {
    const schemas: Array<{ table: KeySchema; index: KeySchema }> = [
      { table: tableKey, index: { partition: [{ name: 'g', type: 'S' }], sort: [] } },
      { table: { partition: [{ name: 'pk', type: 'B' }], sort: [] }, index: { partition: [{ name: 'g', type: 'N' }], sort: [{ name: 'h', type: 'B' }] } },
      {
        table: { partition: [{ name: 'pk', type: 'N' }], sort: [{ name: 'sk', type: 'S' }] },
        index: { partition: [{ name: 'g', type: 'S' }, { name: 'h', type: 'N' }], sort: [{ name: 'i', type: 'B' }, { name: 'sk', type: 'S' }] },
      },
    ];
    for (const { table, index } of schemas) {
      const attributes = new Map<string, 'S' | 'N' | 'B'>();
      for (const attribute of [...table.partition, ...table.sort, ...index.partition, ...index.sort]) attributes.set(attribute.name, attribute.type);
      const item = fc.record(Object.fromEntries([...attributes].map(([name, type]) => [name, value(type)])));
      fc.assert(
        fc.property(item, (generated) => {
          const indexKey = indexTreeKeyOf(generated, index, table)!;
          expect(tableTreeKeyOfIndexKey(indexKey, index, table)).toBe(treeKeyOf(generated, table));
        }),
        { numRuns: 300 },
      );
    }
  });
});
