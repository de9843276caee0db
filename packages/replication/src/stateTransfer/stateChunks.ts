import type { RecordEntry, StateSource } from '../types.js';

/** Per-entry framing overhead on the wire, roughly (lengths, scope, tenant varints). */
const ENTRY_OVERHEAD_BYTES = 16;

export function stateEntryBytes(entry: RecordEntry): number {
  return entry.update.byteLength + entry.key.length + entry.tenant.length + entry.table.length + ENTRY_OVERHEAD_BYTES;
}

/**
 * Cuts a state export into frames of about `maxBytes` (at least one entry each, so an entry
 * larger than the budget still travels), pulling the source only as frames are taken: a
 * sender waiting for ACKs holds one frame, not the store. One frame is read ahead so the last
 * one can say it is the last (it carries the transfer's vector), without an extra empty frame.
 */
export async function* stateChunks(source: StateSource, maxBytes: number): AsyncGenerator<{ entries: RecordEntry[]; last: boolean }> {
  const entries: AsyncIterable<RecordEntry> | Iterable<RecordEntry> = source instanceof Promise ? await source : source;
  let pending: RecordEntry[] | undefined;
  let current: RecordEntry[] = [];
  let bytes = 0;
  for await (const entry of entries) {
    const size = stateEntryBytes(entry);
    if (current.length > 0 && bytes + size > maxBytes) {
      if (pending) yield { entries: pending, last: false };
      pending = current;
      current = [];
      bytes = 0;
    }
    current.push(entry);
    bytes += size;
  }
  if (pending) yield { entries: pending, last: current.length === 0 };
  // An empty export still sends one (empty) frame: it carries the vector.
  if (current.length > 0 || !pending) yield { entries: current, last: true };
}
