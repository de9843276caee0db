import type { NodeStore } from '@kuhiro/crdt-store';
import type { RecordEntry, StateFilter } from '@kuhiro/replication';
import { encodeCatalogEntry, stampOf } from './catalogEntry.js';
import type { CatalogLedger } from './catalogLedger.js';
import type { FunctionReplication } from './functionReplication.js';
import { encodeItemKey } from './itemKeyCodec.js';
import { tableScope } from './tableScope.js';

/**
 * State-transfer entries naming a dead table incarnation (key: its id). A receiver that
 * catches up from a third origin afterwards may get item updates of a table it never saw
 * created: known dead, they are dropped instead of waited for. Only ever sent in STATE frames.
 */
export const DEAD_TABLES = ':catalog-dead';

/**
 * A PoP's whole state for a peer beyond its retained journal (ReplicationHost.exportState), in
 * the order the receiver applies it: the catalog (tables, delete tombstones, dead incarnations)
 * before anything that needs it, the functions' control plane, then every item's Yjs state
 * (tombstoned items too) of the tables whose scope reaches the peer. Produced lazily, table by
 * table and item by item, as the link sends frames.
 */
export async function* exportNodeState(
  source: { store: NodeStore; ledger: CatalogLedger; functions: FunctionReplication | undefined },
  filter: StateFilter,
): AsyncGenerator<RecordEntry> {
  const { store, ledger, functions } = source;
  const tables = store.listAllTables();
  const catalog: RecordEntry[] = [
    ...tables.map((record) => encodeCatalogEntry({ op: 'put', tenant: record.tenant, name: record.name, stamp: stampOf(record), record })),
    ...ledger.tombstones().map(({ tenant, name, stamp }) => encodeCatalogEntry({ op: 'delete', tenant, name, stamp })),
  ];
  for (const entry of catalog) if (filter(entry)) yield entry;
  for (const id of ledger.deadTableIds()) yield { tenant: '', table: DEAD_TABLES, key: id, scope: 'all', update: new Uint8Array(0) };
  if (functions) yield* functions.exportState();
  for (const table of tables) {
    const scope = tableScope(table);
    if (!filter({ tenant: table.tenant, table: table.name, scope })) continue;
    // Deleted or replaced since the export began: its successor's items are newer than `covered`.
    if (store.getTable(table.tenant, table.name)?.id !== table.id) continue;
    for (const { key, state } of store.itemStates(table)) {
      yield { tenant: table.tenant, table: table.name, key: encodeItemKey(table, key), scope, update: state };
    }
  }
}
