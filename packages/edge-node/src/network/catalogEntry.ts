import type { TableRecord } from '@kuhiro/crdt-store';
import type { RecordEntry } from '@kuhiro/replication';

/**
 * Catalog changes travel as replication entries of this pseudo-table. The colon cannot occur
 * in a DynamoDB table name, so it never collides with a user's table. Each entry's key is
 * its unique stamp, so the outbox never merges two of them (it merges per key, and only
 * Yjs updates can be merged).
 */
export const CATALOG_TABLE = ':catalog';

/** The stamp of the catalog change that produced a table record (in its description). */
export const STAMP_FIELD = 'kuhiroCatalogStamp';

export type CatalogChange =
  | { op: 'put'; tenant: string; name: string; stamp: string; record: TableRecord }
  | { op: 'delete'; tenant: string; name: string; stamp: string };

export function encodeCatalogEntry(change: CatalogChange): RecordEntry {
  return {
    tenant: change.tenant,
    table: CATALOG_TABLE,
    key: change.stamp,
    // Tables exist on every PoP; only their items follow the table's scope.
    scope: 'all',
    update: new TextEncoder().encode(JSON.stringify(change)),
  };
}

export function decodeCatalogEntry(entry: RecordEntry): CatalogChange {
  return JSON.parse(new TextDecoder().decode(entry.update)) as CatalogChange;
}

export function stampOf(record: TableRecord): string {
  const stamp = record.description[STAMP_FIELD];
  // Tables created before the node joined a network carry no stamp: they lose to any change.
  return typeof stamp === 'string' ? stamp : '';
}

export function withStamp(record: TableRecord, stamp: string): TableRecord {
  return { ...record, description: { ...record.description, [STAMP_FIELD]: stamp } };
}
