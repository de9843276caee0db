import type { Store } from '@kuhiro/crdt-store';
import { parseBoundedTag, type Bound } from '../escrow/boundedTag.js';

/** Tag that makes a table a single point of truth: every write executes at central. */
export const CONSISTENCY_TAG = 'kuhiro:consistency';
/** Tag naming the table's bounded counters, e.g. `stock>=0` or `stock>=0,seats>=0`. */
export const BOUNDED_TAG = 'kuhiro:bounded';

export interface TablePolicy {
  /** `kuhiro:consistency` = `central`. */
  spot: boolean;
  /** Attribute name -> its lower bound. */
  bounds: Map<string, Bound>;
}

const PLAIN: TablePolicy = { spot: false, bounds: new Map() };

/**
 * What a table's tags ask of its writes. Tags live in the table description (dynamodb-api's
 * TableMeta.Tags), so they are read from the store on every write: a TagResource takes effect
 * at once. A malformed `kuhiro:bounded` tag counts as no bound (TagResource cannot refuse it).
 */
export function tablePolicy(store: Store, tenant: string, tableName: string): TablePolicy {
  const record = store.getTable(tenant, tableName);
  const tags = (record?.description as { Tags?: Array<{ Key: string; Value: string }> } | undefined)?.Tags;
  if (!tags || tags.length === 0) return PLAIN;
  let spot = false;
  let bounds = PLAIN.bounds;
  for (const tag of tags) {
    if (tag.Key === CONSISTENCY_TAG) spot = tag.Value.trim().toLowerCase() === 'central';
    else if (tag.Key === BOUNDED_TAG) bounds = parseBoundedTag(tag.Value) ?? PLAIN.bounds;
  }
  return spot || bounds.size > 0 ? { spot, bounds } : PLAIN;
}
