import type { TableRecord } from '@kuhiro/crdt-store';
import type { ActionContext } from '../context.js';
import { ResourceNotFoundException } from '../errors.js';
import { tableMeta } from './tableMeta.js';

/** Control-plane lookup: AWS names the table in the not-found message. */
export function requireTable(ctx: ActionContext, tableName: string): TableRecord {
  const record = ctx.store.getTable(ctx.request.tenant, tableName);
  if (!record) throw new ResourceNotFoundException(`Requested resource not found: Table: ${tableName} not found`);
  return record;
}

/**
 * Data-plane lookup: a table that does not exist or is still CREATING answers the bare
 * "Requested resource not found", as AWS does for item operations.
 */
export function requireActiveTable(ctx: ActionContext, tableName: string): TableRecord {
  const record = ctx.store.getTable(ctx.request.tenant, tableName);
  if (!record || ctx.now() < tableMeta(record).activeAtMs) throw new ResourceNotFoundException();
  return record;
}
