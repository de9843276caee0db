import type { Item } from '@kuhiro/expressions';
import { encodeFreshPut } from './item/freshPut.js';
import { withoutKey } from './item/keyAttributes.js';
import { NO_STATE_TEXT, REGENERABLE_STATE, stateToText, textToState } from './item/stateText.js';
import { parseItem } from './table/storedItem.js';
import type { ItemRecord } from './table/tableState.js';
import type { KeySchema } from './types.js';

/**
 * A record marked `REGENERABLE_STATE` (its one write was a fresh put by `clientId`, and that put
 * re-encodes from its materialized item: FreshPut.regenerable) gets its state back as the put
 * would have encoded it: the stored item without its key attributes (the document never holds
 * them), through `encodeFreshPut`. Any other record: its stored state text, decoded.
 */
export function stateOfRecord(record: ItemRecord, schema: KeySchema, clientId: number): Uint8Array {
  if (record.state !== REGENERABLE_STATE) return textToState(record.state);
  if (record.text === undefined) throw new Error('a deleted item cannot have a regenerable state');
  const fresh = encodeFreshPut(withoutKey(parseItem(record.text), schema), clientId);
  if (fresh === undefined) throw new Error('a regenerable item no longer encodes as a fresh put');
  return fresh.update;
}

/**
 * Gives a regenerable record its real state text (before anything changes its item, which would
 * change what the state regenerates to). A record that already has one is left alone.
 */
export function materializeState(record: ItemRecord, schema: KeySchema, clientId: number): void {
  if (record.state === REGENERABLE_STATE) record.state = stateToText(stateOfRecord(record, schema, clientId));
}

/**
 * Marks a record regenerable if its whole history is one update that is, byte for byte, this
 * node's fresh put of its stored item: an item created by a write replayed from the log at
 * restart (replay keeps the update in `pending` on an empty state). Proven by comparing bytes,
 * so an update by another node, or any second update, never qualifies. Returns whether it did.
 */
export function markIfFreshPut(record: ItemRecord, schema: KeySchema, clientId: number): boolean {
  const pending = record.pending;
  if (record.state !== NO_STATE_TEXT || pending === undefined || pending.length !== 1 || record.text === undefined) return false;
  const fresh = encodeFreshPut(withoutKey(parseItem(record.text), schema), clientId);
  if (fresh === undefined || !fresh.regenerable || Buffer.compare(fresh.update, pending[0]!) !== 0) return false;
  record.state = REGENERABLE_STATE;
  record.pending = undefined;
  return true;
}

