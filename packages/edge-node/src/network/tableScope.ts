import type { TableRecord } from '@kuhiro/crdt-store';
import { parseScope, type Scope } from '@kuhiro/replication';

export const SCOPE_TAG = 'kuhiro:replication';

/**
 * The table's replication scope from its `kuhiro:replication` tag (DESIGN.md). Tags live in
 * the table description (dynamodb-api's TableMeta.Tags). A value that is not a scope is
 * treated as `all`: replicating too widely is recoverable, silently keeping data on one
 * PoP is not.
 */
export function tableScope(table: TableRecord): Scope {
  const tags = (table.description as { Tags?: Array<{ Key: string; Value: string }> }).Tags ?? [];
  const value = tags.find((tag) => tag.Key === SCOPE_TAG)?.Value;
  if (value === undefined) return 'all';
  try {
    return parseScope(value);
  } catch {
    return 'all';
  }
}
