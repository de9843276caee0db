import type { TableRecord } from '@kuhiro/crdt-store';
import { ValidationException } from '../errors.js';
import { tableMeta } from './tableMeta.js';

/** A GSI added by UpdateTable cannot be read until its backfill is done (AWS's exact answer). */
export function requireIndexReadable(table: TableRecord, indexName: string | undefined, nowMs: number): void {
  if (indexName === undefined) return;
  const index = tableMeta(table).GlobalSecondaryIndexes?.find((i) => i.IndexName === indexName);
  if (index && nowMs < index.activeAtMs) throw new ValidationException(`Cannot read from backfilling global secondary index: ${indexName}`);
}
