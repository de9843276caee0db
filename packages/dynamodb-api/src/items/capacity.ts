import type { IndexDefinition, TableRecord } from '@kuhiro/crdt-store';
import { itemSize, type Item } from '@kuhiro/expressions';

export type ReturnConsumedCapacity = 'INDEXES' | 'TOTAL' | 'NONE';

interface Units {
  table: number;
  indexes: { index: IndexDefinition; units: number }[];
}

/**
 * Write units as DynamoDB charges them: 1 per started KB of the larger of the old and new
 * item (at least 1), plus, per secondary index the item is in before or after, 1 per
 * started KB of its projection for each index entry written or deleted (an index key that
 * changes costs a delete and a put).
 */
export function writeUnits(table: TableRecord, oldItem: Item | undefined, newItem: Item | undefined): Units {
  const size = Math.max(oldItem ? itemSize(oldItem) : 0, newItem ? itemSize(newItem) : 0);
  const tableUnits = Math.max(1, Math.ceil(size / 1024));
  const indexes = table.indexes
    .map((index) => ({ index, units: indexWriteUnits(index, oldItem, newItem) }))
    .filter((entry) => entry.units > 0);
  return { table: tableUnits, indexes };
}

/** Read units: 1 per started 4 KB strongly consistent, half that eventually consistent. */
export function readUnits(item: Item | undefined, consistent: boolean): number {
  return readUnitsOfSize(item ? itemSize(item) : 0, consistent);
}

/** Read units of one item of `size` bytes: 1 per started 4 KB strongly consistent, half that eventually consistent. */
export function readUnitsOfSize(size: number, consistent: boolean): number {
  const blocks = Math.max(1, Math.ceil(size / 4096));
  return consistent ? blocks : blocks / 2;
}

/**
 * The `ConsumedCapacity` member, or undefined when the caller did not ask for it. `units` may be
 * a function, so single-item calls only size their items when capacity was asked for (sizing
 * an item walks all of it; most requests say NONE).
 */
export function consumedCapacity(
  mode: ReturnConsumedCapacity | undefined,
  tableName: string,
  unitsOrCompute: Units | (() => Units),
): Record<string, unknown> | undefined {
  if (mode === undefined || mode === 'NONE') return undefined;
  const units = typeof unitsOrCompute === 'function' ? unitsOrCompute() : unitsOrCompute;
  const total = units.table + units.indexes.reduce((sum, entry) => sum + entry.units, 0);
  const result: Record<string, unknown> = { TableName: tableName, CapacityUnits: total };
  if (mode === 'INDEXES') {
    result.Table = { CapacityUnits: units.table };
    const byKind = (kind: 'global' | 'local') => {
      const entries = units.indexes.filter((entry) => entry.index.kind === kind);
      if (entries.length === 0) return undefined;
      return Object.fromEntries(entries.map((entry) => [entry.index.name, { CapacityUnits: entry.units }]));
    };
    const global = byKind('global');
    const local = byKind('local');
    if (global) result.GlobalSecondaryIndexes = global;
    if (local) result.LocalSecondaryIndexes = local;
  }
  return result;
}

export function tableOnly(units: number): Units {
  return { table: units, indexes: [] };
}

function indexWriteUnits(index: IndexDefinition, oldItem: Item | undefined, newItem: Item | undefined): number {
  const keyNames = [...index.key.partition, ...index.key.sort].map((k) => k.name);
  const inIndex = (item: Item | undefined): item is Item => item !== undefined && keyNames.every((name) => item[name] !== undefined);
  const entryUnits = (item: Item) => Math.max(1, Math.ceil(itemSize(projected(index, item)) / 1024));
  const wasIn = inIndex(oldItem);
  const isIn = inIndex(newItem);
  if (wasIn && isIn) {
    const sameKey = keyNames.every((name) => JSON.stringify(oldItem[name]) === JSON.stringify(newItem[name]));
    return sameKey ? entryUnits(newItem) : entryUnits(oldItem) + entryUnits(newItem);
  }
  if (wasIn) return entryUnits(oldItem);
  if (isIn) return entryUnits(newItem);
  return 0;
}

/** What an index stores of an item; its size is what an index write costs. */
function projected(index: IndexDefinition, item: Item): Item {
  if (index.projection.type === 'ALL') return item;
  const keep = new Set([...index.key.partition, ...index.key.sort].map((k) => k.name));
  for (const name of index.projection.nonKeyAttributes ?? []) keep.add(name);
  return Object.fromEntries(Object.entries(item).filter(([name]) => keep.has(name)));
}
