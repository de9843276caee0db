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

/** Read units of one item of `size` bytes: 1 per started 4 KB strongly consistent, half that eventually consistent. */
export function readUnitsOfSize(size: number, consistent: boolean): number {
  const blocks = Math.max(1, Math.ceil(size / 4096));
  return consistent ? blocks : blocks / 2;
}
