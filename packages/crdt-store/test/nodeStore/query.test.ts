import { afterAll, describe, expect, it } from '@jest/globals';
import { compareKeyValues, type AttributeValue, type Item, type ScalarKeyType } from '@kuhiro/expressions';
import type { KeySchema, TableRecord } from '../../src/types.js';
import type { NodeStore } from '../../src/nodeStore.js';
import { B, N, putAll, S, StoreFixture } from '../storeFixture.js';

const fixture = new StoreFixture();
afterAll(() => fixture.cleanup());

const keyOf = (sortType: ScalarKeyType): KeySchema => ({ partition: [{ name: 'pk', type: 'S' }], sort: [{ name: 'sk', type: sortType }] });
const sortValues = (items: Iterable<Item>): AttributeValue[] => [...items].map((item) => item['sk']!);

async function tableWith(sortType: ScalarKeyType, values: AttributeValue[]): Promise<{ store: NodeStore; table: TableRecord }> {
  const store = await fixture.open();
  const table = fixture.table(keyOf(sortType));
  await store.createTable(table);
  putAll(store, table, values.map((sk) => ({ pk: S('p'), sk })));
  putAll(store, table, values.map((sk) => ({ pk: S('other'), sk })));
  return { store, table };
}

const numbers = ['1e125', '-1e125', '0', '-0.5', '0.5', '-1e-130', '1e-130', '12345678901234567890123456789012345678', '-2', '10', '9', '100'].map(N);
const strings = ['b', 'a', 'ab', '', 'B', '\u00e9', '\ud83d\ude00', '\uffff', 'a\u0000'].filter((s) => s !== '').map(S);
const binaries = [[1], [0], [255], [0, 0], [], [128, 1], [127]].filter((b) => b.length > 0).map(B);

describe('NodeStore query', () => {
  it.each<[ScalarKeyType, AttributeValue[]]>([
    ['N', numbers],
    ['S', strings],
    ['B', binaries],
  ])('returns one partition in %s sort-key order, forward and backward', async (type, values) => {
    const { store, table } = await tableWith(type, values);
    const sorted = [...values].sort(compareKeyValues);
    expect(sortValues(store.query(table, { partition: [S('p')] }))).toEqual(sorted);
    expect(sortValues(store.query(table, { partition: [S('p')], forward: false }))).toEqual([...sorted].reverse());
  });

  it('applies each sort-key condition', async () => {
    const values = [-10, -1, 0, 1, 2, 3, 10, 100].map(N);
    const { store, table } = await tableWith('N', values);
    const q = (sortCondition: Parameters<NodeStore['query']>[1]['sortCondition']) =>
      sortValues(store.query(table, { partition: [S('p')], sortCondition })).map((v) => (v as { N: string }).N);
    expect(q({ op: 'EQ', value: N(1) })).toEqual(['1']);
    expect(q({ op: 'EQ', value: N(5) })).toEqual([]);
    expect(q({ op: 'LT', value: N(1) })).toEqual(['-10', '-1', '0']);
    expect(q({ op: 'LE', value: N(1) })).toEqual(['-10', '-1', '0', '1']);
    expect(q({ op: 'GT', value: N(3) })).toEqual(['10', '100']);
    expect(q({ op: 'GE', value: N(3) })).toEqual(['3', '10', '100']);
    expect(q({ op: 'BETWEEN', low: N(-1), high: N(2) })).toEqual(['-1', '0', '1', '2']);
  });

  it('applies begins_with on S and B sort keys', async () => {
    const { store, table } = await tableWith('S', ['app', 'apple', 'ap', 'b', 'a'].map(S));
    expect(sortValues(store.query(table, { partition: [S('p')], sortCondition: { op: 'BEGINS_WITH', value: S('ap') } }))).toEqual(
      ['ap', 'app', 'apple'].map(S),
    );
    const bin = await tableWith('B', [[1, 2], [1], [1, 2, 3], [2]].map(B));
    expect(sortValues(bin.store.query(bin.table, { partition: [S('p')], sortCondition: { op: 'BEGINS_WITH', value: B([1, 2]) } }))).toEqual(
      [B([1, 2]), B([1, 2, 3])],
    );
  });

  it('resumes strictly after ExclusiveStartKey, in both directions', async () => {
    const { store, table } = await tableWith('N', [1, 2, 3, 4, 5].map(N));
    const after = (forward: boolean, sk: number) =>
      sortValues(store.query(table, { partition: [S('p')], forward, exclusiveStartKey: { pk: S('p'), sk: N(sk) } }));
    expect(after(true, 2)).toEqual([3, 4, 5].map(N));
    expect(after(false, 4)).toEqual([3, 2, 1].map(N));
    expect(after(true, 5)).toEqual([]);
    // A start key that is not an item (deleted meanwhile) still resumes at the right place.
    expect(after(true, 2.5)).toEqual([3, 4, 5].map(N));
  });

  it('is lazy: a caller can stop early, and writes between steps do not break the walk', async () => {
    const { store, table } = await tableWith('N', [1, 2, 3].map(N));
    const iterator = store.query(table, { partition: [S('p')] })[Symbol.iterator]();
    expect(iterator.next().value).toEqual({ pk: S('p'), sk: N(1) });
    putAll(store, table, [{ pk: S('p'), sk: N(2.5) }]);
    store.write([{ table, key: { pk: S('p'), sk: N(3) }, type: 'delete' }]);
    expect([iterator.next().value, iterator.next().value, iterator.next().done]).toEqual([
      { pk: S('p'), sk: N(2) },
      { pk: S('p'), sk: N(2.5) },
      true,
    ]);
  });

  it('queries a table without a sort key', async () => {
    const store = await fixture.open();
    const table = fixture.table({ partition: [{ name: 'pk', type: 'N' }], sort: [] });
    await store.createTable(table);
    putAll(store, table, [{ pk: N(1), v: S('one') }, { pk: N(2) }]);
    expect([...store.query(table, { partition: [N('1.0')] })]).toEqual([{ pk: N(1), v: S('one') }]);
  });
});

describe('NodeStore scan', () => {
  async function manyItems(count: number) {
    const store = await fixture.open();
    const table = fixture.table(keyOf('N'));
    await store.createTable(table);
    const items: Item[] = [];
    for (let i = 0; i < count; i++) items.push({ pk: S(`user-${i % 37}`), sk: N(i) });
    putAll(store, table, items);
    return { store, table, items };
  }
  const id = (item: Item) => `${(item['pk'] as { S: string }).S}/${(item['sk'] as { N: string }).N}`;

  it('pages through every item exactly once with ExclusiveStartKey', async () => {
    const { store, table, items } = await manyItems(300);
    const seen: string[] = [];
    let start: Item | undefined;
    for (;;) {
      const page: Item[] = [];
      for (const item of store.scan(table, { exclusiveStartKey: start })) {
        page.push(item);
        if (page.length === 7) break;
      }
      seen.push(...page.map(id));
      if (page.length < 7) break;
      start = { pk: page.at(-1)!['pk']!, sk: page.at(-1)!['sk']! };
    }
    expect(seen).toHaveLength(items.length);
    expect(new Set(seen)).toEqual(new Set(items.map(id)));
    // Stable order: a second full scan returns the same sequence.
    expect([...store.scan(table, {})].map(id)).toEqual(seen);
  });

  it.each([1, 2, 3, 7, 64])('covers every item exactly once across %i parallel segments', async (totalSegments) => {
    const { store, table, items } = await manyItems(200);
    const seen: string[] = [];
    for (let segment = 0; segment < totalSegments; segment++) {
      const inSegment = [...store.scan(table, { segment, totalSegments })].map(id);
      seen.push(...inSegment);
    }
    expect(seen.sort()).toEqual(items.map(id).sort());
  });

  it('keeps one partition in one segment', async () => {
    const { store, table } = await manyItems(100);
    const segmentsOfPartition = new Map<string, Set<number>>();
    for (let segment = 0; segment < 4; segment++) {
      for (const item of store.scan(table, { segment, totalSegments: 4 })) {
        const pk = (item['pk'] as { S: string }).S;
        if (!segmentsOfPartition.has(pk)) segmentsOfPartition.set(pk, new Set());
        segmentsOfPartition.get(pk)!.add(segment);
      }
    }
    expect(segmentsOfPartition.size).toBe(37);
    for (const segments of segmentsOfPartition.values()) expect(segments.size).toBe(1);
  });
});
