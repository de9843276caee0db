import type { StoredItem } from '@kuhiro/crdt-store';
import type { Item } from '@kuhiro/expressions';

/**
 * Helpers for reads in the store's stored form (item text + size; wireJson.ts says why). A
 * store without the stored-form methods (they are optional in `Store`) is read through its
 * object methods, by the code paths that predate them.
 */

/** The item as an object: a fresh one per call, the caller may change it. */
export function parseStored(stored: StoredItem): Item {
  return JSON.parse(stored.text) as Item;
}
