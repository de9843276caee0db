import type { IndexDefinition, Store, TableRecord } from '@kuhiro/crdt-store';
import { itemSize, type Item } from '@kuhiro/expressions';

const GB = 1024 * 1024 * 1024;
/** AWS's documented per-entry overhead of a local secondary index item. */
const INDEX_ENTRY_OVERHEAD_BYTES = 100;

/**
 * `ItemCollectionMetrics` after a write, as AWS reports it: only for tables with local
 * secondary indexes, only when asked with SIZE. The collection is every item sharing the
 * written item's partition key; its size counts those items plus what each LSI stores for
 * them (projected attributes + 100 bytes per entry), given as a [lower, upper] GB range.
 */
export function itemCollectionMetrics(
  store: Pick<Store, 'query'>,
  table: TableRecord,
  key: Item,
  mode: 'SIZE' | 'NONE' | undefined,
): Record<string, unknown> | undefined {
  if (mode !== 'SIZE') return undefined;
  const locals = table.indexes.filter((index) => index.kind === 'local');
  if (locals.length === 0) return undefined;
  const partitionNames = table.key.partition.map((k) => k.name);
  const collectionKey = Object.fromEntries(partitionNames.map((name) => [name, key[name]!]));
  let bytes = 0;
  for (const item of store.query(table, { partition: partitionNames.map((name) => key[name]!) })) {
    bytes += itemSize(item);
    for (const index of locals) bytes += localEntrySize(table, index, item);
  }
  const lower = Math.floor(bytes / GB);
  return { ItemCollectionKey: collectionKey, SizeEstimateRangeGB: [lower, lower + 1] };
}

function localEntrySize(table: TableRecord, index: IndexDefinition, item: Item): number {
  const sortKeys = index.key.sort.map((k) => k.name);
  // An item without the index's sort key is not in the index.
  if (sortKeys.some((name) => item[name] === undefined)) return 0;
  if (index.projection.type === 'ALL') return itemSize(item) + INDEX_ENTRY_OVERHEAD_BYTES;
  const names = new Set([...table.key.partition, ...table.key.sort, ...index.key.partition, ...index.key.sort].map((k) => k.name));
  for (const name of index.projection.nonKeyAttributes ?? []) names.add(name);
  const projected: Item = {};
  for (const name of names) if (item[name] !== undefined) projected[name] = item[name]!;
  return itemSize(projected) + INDEX_ENTRY_OVERHEAD_BYTES;
}

/** BatchWriteItem and TransactWriteItems: one entry per written item collection, grouped by table. */
export function collectionMetricsByTable(
  ctx: { store: Pick<Store, 'query'> },
  ops: Array<{ table: TableRecord; key: Item }>,
  mode: 'SIZE' | 'NONE' | undefined,
): Record<string, unknown[]> | undefined {
  if (mode !== 'SIZE') return undefined;
  const byTable: Record<string, unknown[]> = {};
  const seen = new Set<string>();
  for (const op of ops) {
    const metrics = itemCollectionMetrics(ctx.store, op.table, op.key, mode);
    if (!metrics) continue;
    const id = JSON.stringify([op.table.id, metrics.ItemCollectionKey]);
    if (seen.has(id)) continue;
    seen.add(id);
    (byTable[op.table.name] ??= []).push(metrics);
  }
  return Object.keys(byTable).length > 0 ? byTable : undefined;
}
