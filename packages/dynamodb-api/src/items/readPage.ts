import type { StoredItem, TableRecord } from '@kuhiro/crdt-store';
import { applyProjection, evaluateCondition, itemSize, setOwnMember, type ConditionAst, type DocumentPath, type Item } from '@kuhiro/expressions';
import { consumedCapacity, tableOnly, type ReturnConsumedCapacity } from './capacity.js';
import { parseStored } from './storedReads.js';
import { defineRawJson, jsonArrayOf } from './wireJson.js';

/** DynamoDB stops a Query or Scan page after reading 1 MB of items. */
export const MAX_PAGE_BYTES = 1024 * 1024;

export type Select = 'ALL_ATTRIBUTES' | 'ALL_PROJECTED_ATTRIBUTES' | 'SPECIFIC_ATTRIBUTES' | 'COUNT';

export interface PageRequest {
  TableName: string;
  Limit?: number;
  filter?: ConditionAst;
  projection?: DocumentPath[];
  Select?: Select;
  ConsistentRead?: boolean;
  ReturnConsumedCapacity?: ReturnConsumedCapacity;
}

/** One page over items as objects (PartiQL's SELECT); `Items` is a plain array. */
export function readPage(table: TableRecord, indexName: string | undefined, items: Iterable<Item>, request: PageRequest): Record<string, unknown> {
  return buildPage(table, indexName, items, request, {
    size: itemSize,
    item: (item) => item,
    items: (matched, result) => (result.Items = matched),
  });
}

/**
 * One page over stored items (Query and Scan). Items returned unchanged (no projection) go
 * into the body as their stored texts (wireJson.ts); an item is parsed only for a filter, a
 * projection, or to take the LastEvaluatedKey from it.
 */
export function readStoredPage(
  table: TableRecord,
  indexName: string | undefined,
  items: Iterable<StoredItem>,
  request: PageRequest,
): Record<string, unknown> {
  return buildPage(table, indexName, items, request, {
    size: (stored) => stored.size,
    item: parseStored,
    items: (matched, result) => defineRawJson(result, 'Items', jsonArrayOf(matched.map((stored) => stored.text))),
  });
}

interface PageForm<T> {
  size(entry: T): number;
  item(entry: T): Item;
  /** Puts the matched entries, unprojected, into `result.Items`. */
  items(matched: T[], result: Record<string, unknown>): unknown;
}

/**
 * One page of a Query or Scan, as DynamoDB builds it: read items in order until `Limit`
 * items were read or 1 MB was read, then apply the filter (so Count <= ScannedCount and a
 * page may be empty with a LastEvaluatedKey), then the projection. LastEvaluatedKey is the
 * key (table key plus index key) of the last item read, given only when more items follow.
 */
function buildPage<T>(
  table: TableRecord,
  indexName: string | undefined,
  entries: Iterable<T>,
  request: PageRequest,
  form: PageForm<T>,
): Record<string, unknown> {
  const iterator = entries[Symbol.iterator]();
  const matched: T[] = [];
  const matchedItems: Item[] = [];
  let scannedCount = 0;
  let scannedBytes = 0;
  let last: T | undefined;
  let next = iterator.next();
  while (!next.done) {
    const entry = next.value;
    scannedCount++;
    scannedBytes += form.size(entry);
    last = entry;
    if (request.filter === undefined) {
      matched.push(entry);
    } else {
      const item = form.item(entry);
      if (evaluateCondition(request.filter, item)) {
        matched.push(entry);
        matchedItems.push(item);
      }
    }
    next = iterator.next();
    if (scannedCount === request.Limit || scannedBytes >= MAX_PAGE_BYTES) break;
  }
  const result: Record<string, unknown> = {};
  if (request.Select !== 'COUNT') {
    if (request.projection) {
      const items = request.filter === undefined ? matched.map((entry) => form.item(entry)) : matchedItems;
      result.Items = items.map((item) => applyProjection(item, request.projection!));
    } else {
      form.items(matched, result);
    }
  }
  result.Count = matched.length;
  result.ScannedCount = scannedCount;
  if (!next.done && last !== undefined) {
    const lastItem = form.item(last);
    const lastKey: Item = {};
    for (const name of startKeyNames(table, indexName)) if (Object.hasOwn(lastItem, name)) setOwnMember(lastKey, name, lastItem[name]!);
    result.LastEvaluatedKey = lastKey;
  }
  // Reads cost by the bytes read, not returned: 0.5 unit per started 4 KB eventually consistent.
  const blocks = Math.max(1, Math.ceil(scannedBytes / 4096));
  const units = request.ConsistentRead ? blocks : blocks / 2;
  // An index read is charged to the index (INDEXES shows the table at 0).
  const index = indexName === undefined ? undefined : table.indexes.find((i) => i.name === indexName);
  const charged = index ? { table: 0, indexes: [{ index, units }] } : tableOnly(units);
  const capacity = consumedCapacity(request.ReturnConsumedCapacity, request.TableName, charged);
  if (capacity) result.ConsumedCapacity = capacity;
  return result;
}

/** The attributes of a start key: the table's key, plus the index's key on an index. */
export function startKeyNames(table: TableRecord, indexName: string | undefined): string[] {
  const names = [...table.key.partition, ...table.key.sort].map((k) => k.name);
  const index = table.indexes.find((i) => i.name === indexName);
  if (index) for (const k of [...index.key.partition, ...index.key.sort]) if (!names.includes(k.name)) names.push(k.name);
  return names;
}
