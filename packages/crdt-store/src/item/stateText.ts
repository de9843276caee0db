/**
 * An item's encoded Yjs state as a one-byte string (one char per byte), the form the store keeps
 * it in. A `Uint8Array` per item costs a typed-array object, an ArrayBuffer object and a malloc'd
 * backing store with V8's bookkeeping: ~470 bytes for a ~100-byte state (heap snapshot), against
 * ~120 bytes for a sequential one-byte string of the same bytes, which also never fragments
 * the malloc heap. Conversions copy once, with Buffer's native latin1 codec.
 */
export type StateText = string;

export const NO_STATE_TEXT: StateText = '';

export function stateToText(state: Uint8Array): StateText {
  return Buffer.from(state.buffer, state.byteOffset, state.byteLength).toString('latin1');
}

export function textToState(text: StateText): Uint8Array {
  return Buffer.from(text, 'latin1');
}

/**
 * The state of an item whose only history is one fresh put by this node (item/freshPut.ts): the
 * state is then `encodeFreshPut(its attributes, the node's clientId).update`, a pure function of
 * what the record already holds, so the record keeps this shared marker instead of ~300 bytes of
 * state (the largest part of a bulk-loaded item's memory). Its char is above 0xFF, so no one-byte
 * state text ever equals it. Never decode it with `textToState`: nodeStore.ts regenerates it.
 */
export const REGENERABLE_STATE: StateText = '\u0100regenerable';
