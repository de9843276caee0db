import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Store } from '@kuhiro/crdt-store';
import type { AttributeValue, Item } from '@kuhiro/expressions';
import { DynamoDbApi, toWireJson } from '../../src/index.js';
import { defineRawJson, holdsRawJson, jsonArrayOf } from '../../src/items/wireJson.js';
import { CONTEXT } from '../helpers/assertions.js';
import { storeHarness, type StoreHarness } from '../helpers/storeHarness.js';

/**
 * Reads that return stored item texts (the fast path) must put on the wire exactly the bytes
 * the object path (parse, then JSON.stringify) gives. The object path is the same API over the
 * same store with its stored-form reads hidden.
 */

/** A small deterministic PRNG, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const NAMES = ['a', 'b', 'Zed', '10', '2', 'with space', 'ünï', 'emoji😀', 'q"uote', 'x.y'];
const STRINGS = ['', 'plain', 'ünïcödé', '😀 astral', 'quote " and \\ backslash', 'line\nbreak\ttab', '\u0001ctl', '</script>'];

function randomValue(next: () => number, depth: number): AttributeValue {
  const pick = <T>(values: T[]): T => values[Math.floor(next() * values.length)]!;
  const kind = Math.floor(next() * (depth > 1 ? 6 : 9));
  switch (kind) {
    case 0:
      return { S: pick(STRINGS) + String(Math.floor(next() * 100)) };
    case 1:
      return { N: pick(['0', '-1.5', '12345678901234567890', '1e10', '3.14']) };
    case 2:
      return { B: Buffer.from([Math.floor(next() * 256), 0, 255]).toString('base64') };
    case 3:
      return { BOOL: next() < 0.5 };
    case 4:
      return { NULL: true };
    case 5:
      return { SS: [...new Set([pick(STRINGS) + 'x', 'y' + String(Math.floor(next() * 9))])] };
    case 6:
      return { L: [randomValue(next, depth + 1), randomValue(next, depth + 1)] };
    case 7: {
      const map: Record<string, AttributeValue> = {};
      for (let i = 0; i < 3; i++) map[pick(NAMES)] = randomValue(next, depth + 1);
      return { M: map };
    }
    default:
      return { NS: ['1', '2.5'] };
  }
}

function randomItem(next: () => number, pk: string, sk: number): Item {
  const item: Item = { pk: { S: pk }, sk: { N: String(sk) } };
  const count = 1 + Math.floor(next() * 5);
  for (let i = 0; i < count; i++) item[NAMES[Math.floor(next() * NAMES.length)]!] = randomValue(next, 0);
  if (next() < 0.7) item['g'] = { S: `group-${Math.floor(next() * 3)}` };
  return item;
}

/** The store with its stored-form reads hidden: the API falls back to objects. */
function objectsOnly(store: Store): Store {
  const hidden = new Set<PropertyKey>(['getStoredItem', 'queryStored', 'scanStored']);
  return new Proxy(store, {
    get(target, property) {
      if (hidden.has(property)) return undefined;
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

const TABLE = 'stored_reads';
let h: StoreHarness;
let slow: DynamoDbApi;
const keys: Item[] = [];

beforeAll(async () => {
  h = await storeHarness();
  slow = new DynamoDbApi(objectsOnly(h.store), { region: CONTEXT.region });
  const created = await h.call('CreateTable', {
    TableName: TABLE,
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'N' },
      { AttributeName: 'g', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      { IndexName: 'all', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } },
      { IndexName: 'keys', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }], Projection: { ProjectionType: 'KEYS_ONLY' } },
    ],
    BillingMode: 'PAY_PER_REQUEST',
  });
  expect(created.status).toBe(200);
  const next = random(42);
  for (let i = 0; i < 120; i++) {
    const item = randomItem(next, `p${i % 6}`, i);
    keys.push({ pk: item['pk']!, sk: item['sk']! });
    const put = await h.call('PutItem', { TableName: TABLE, Item: item });
    expect(put.status).toBe(200);
  }
  // Some items rewritten and some deleted, so stored texts are not all first versions.
  for (let i = 0; i < 120; i += 7) await h.call('UpdateItem', { TableName: TABLE, Key: keys[i], UpdateExpression: 'SET g = :g, extra = :e', ExpressionAttributeValues: { ':g': { S: 'group-1' }, ':e': { L: [{ S: 'x' }] } } });
  for (let i = 3; i < 120; i += 11) await h.call('DeleteItem', { TableName: TABLE, Key: keys[i] });
});
afterAll(() => h.close());

/** Both paths' answers: the fast one's wire text taken before anything reads its body. */
async function bothPaths(operation: string, input: object): Promise<{ fast: string; slow: string; body: unknown }> {
  const fastAnswer = await h.api.handle(CONTEXT, operation, input);
  const fast = toWireJson(fastAnswer.body);
  const slowAnswer = await slow.handle(CONTEXT, operation, input);
  expect(fastAnswer.status).toBe(200);
  expect(slowAnswer.status).toBe(200);
  return { fast, slow: JSON.stringify(slowAnswer.body), body: fastAnswer.body };
}

describe('stored-form reads', () => {
  it('Scan pages (1 and 3 segments, small pages) are byte-identical to the object path', async () => {
    for (const segments of [1, 3]) {
      for (let segment = 0; segment < segments; segment++) {
        let start: unknown;
        let pages = 0;
        do {
          const input = { TableName: TABLE, Limit: 9, ...(segments > 1 ? { Segment: segment, TotalSegments: segments } : {}), ...(start ? { ExclusiveStartKey: start } : {}) };
          const { fast, slow: expected } = await bothPaths('Scan', input);
          expect(fast).toBe(expected);
          start = (JSON.parse(fast) as { LastEvaluatedKey?: unknown }).LastEvaluatedKey;
          pages++;
        } while (start && pages < 50);
        expect(start).toBeUndefined();
      }
    }
  });

  it('Query (both directions, on the table and both indexes, with filters and projections) is byte-identical', async () => {
    const inputs: object[] = [];
    for (let p = 0; p < 6; p++) {
      const partition = { KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: `p${p}` } } };
      inputs.push({ TableName: TABLE, ...partition });
      inputs.push({ TableName: TABLE, ...partition, ScanIndexForward: false, Limit: 4 });
      inputs.push({ TableName: TABLE, ...partition, ProjectionExpression: 'sk, #a', ExpressionAttributeNames: { '#a': 'a' } });
      inputs.push({
        TableName: TABLE,
        KeyConditionExpression: 'pk = :p AND sk > :s',
        FilterExpression: 'attribute_exists(g)',
        ExpressionAttributeValues: { ':p': { S: `p${p}` }, ':s': { N: '20' } },
      });
      inputs.push({ TableName: TABLE, ...partition, Select: 'COUNT' });
    }
    for (let g = 0; g < 3; g++) {
      const group = { KeyConditionExpression: 'g = :g', ExpressionAttributeValues: { ':g': { S: `group-${g}` } } };
      inputs.push({ TableName: TABLE, IndexName: 'all', ...group, Limit: 5 });
      inputs.push({ TableName: TABLE, IndexName: 'keys', ...group, ScanIndexForward: false });
    }
    for (const input of inputs) {
      const { fast, slow: expected } = await bothPaths('Query', input);
      expect(fast).toBe(expected);
    }
  });

  it('GetItem, BatchGetItem and TransactGetItems are byte-identical, present and missing items alike', async () => {
    for (const key of keys.slice(0, 30)) {
      const { fast, slow: expected } = await bothPaths('GetItem', { TableName: TABLE, Key: key });
      expect(fast).toBe(expected);
    }
    const batch = { RequestItems: { [TABLE]: { Keys: keys.slice(0, 100) } }, ReturnConsumedCapacity: 'TOTAL' };
    const batched = await bothPaths('BatchGetItem', batch);
    expect(batched.fast).toBe(batched.slow);
    const transact = { TransactItems: keys.slice(0, 25).map((Key) => ({ Get: { TableName: TABLE, Key } })) };
    const transacted = await bothPaths('TransactGetItems', transact);
    expect(transacted.fast).toBe(transacted.slow);
  });

  it('the body still reads as plain objects (a raw part parses on first access)', async () => {
    const { body } = await bothPaths('Query', { TableName: TABLE, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'p0' } } });
    const items = (body as { Items: Item[] }).Items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((item) => (item['pk'] as { S?: string } | undefined)?.S === 'p0')).toBe(true);
    // Once parsed, the part is an ordinary value: changing it changes what goes on the wire.
    items.pop();
    expect(JSON.parse(toWireJson(body)).Items).toHaveLength(items.length);
  });
});

describe('toWireJson', () => {
  it('equals JSON.stringify for nested bodies with raw parts, including integer-like names', () => {
    const next = random(7);
    for (let round = 0; round < 200; round++) {
      const items = Array.from({ length: Math.floor(next() * 4) }, (_, i) => randomItem(next, `k${round}`, i));
      const texts = items.map((item) => JSON.stringify(item));
      const inner = holdsRawJson<Record<string, unknown>>({});
      defineRawJson(inner, '123', jsonArrayOf(texts));
      defineRawJson(inner, 'table_b', jsonArrayOf(texts.slice(1)));
      const body = holdsRawJson<Record<string, unknown>>({ Responses: inner, Count: items.length, Skipped: undefined });
      const list = holdsRawJson<Array<Record<string, unknown>>>([{}]);
      if (texts[0] !== undefined) defineRawJson(list[0]!, 'Item', texts[0]);
      body['List'] = list;
      const wire = toWireJson(body);
      const expected = JSON.stringify({ Responses: { '123': items, table_b: items.slice(1) }, Count: items.length, List: [items[0] ? { Item: items[0] } : {}] });
      expect(wire).toBe(expected);
      expect(JSON.stringify(body)).toBe(expected);
    }
  });
});
