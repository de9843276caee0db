import type { TableRecord } from '@kuhiro/crdt-store';
import { applyProjection, evaluateCondition, itemSize, type ConditionAst, type DocumentPath, type Item } from '@kuhiro/expressions';
import { consumedCapacity, tableOnly, type ReturnConsumedCapacity } from './capacity.js';

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

/**
 * One page of a Query or Scan, as DynamoDB builds it: read items in order until `Limit`
 * items were read or 1 MB was read, then apply the filter (so Count <= ScannedCount and a
 * page may be empty with a LastEvaluatedKey), then the projection. LastEvaluatedKey is the
 * key (table key plus index key) of the last item read, given only when more items follow.
 */
export function readPage(
  table: TableRecord,
  indexName: string | undefined,
  items: Iterable<Item>,
  request: PageRequest,
): Record<string, unknown> {
  const keyNames = startKeyNames(table, indexName);
  const iterator = items[Symbol.iterator]();
  const matched: Item[] = [];
  let scannedCount = 0;
  let scannedBytes = 0;
  let last: Item | undefined;
  let next = iterator.next();
  while (!next.done) {
    const item = next.value;
    scannedCount++;
    scannedBytes += itemSize(item);
    last = item;
    if (request.filter === undefined || evaluateCondition(request.filter, item)) matched.push(item);
    next = iterator.next();
    if (scannedCount === request.Limit || scannedBytes >= MAX_PAGE_BYTES) break;
  }
  const result: Record<string, unknown> = {};
  if (request.Select !== 'COUNT') {
    result.Items = request.projection ? matched.map((item) => applyProjection(item, request.projection!)) : matched;
  }
  result.Count = matched.length;
  result.ScannedCount = scannedCount;
  if (!next.done && last !== undefined) {
    result.LastEvaluatedKey = Object.fromEntries(keyNames.filter((name) => last![name] !== undefined).map((name) => [name, last![name]!]));
  }
  // Reads cost by the bytes read, not returned: 0.5 unit per started 4 KB eventually consistent.
  const blocks = Math.max(1, Math.ceil(scannedBytes / 4096));
  const units = request.ConsistentRead ? blocks : blocks / 2;
  // An index read is charged to the index (INDEXES shows the table at 0).
  const index = table.indexes.find((i) => i.name === indexName);
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
