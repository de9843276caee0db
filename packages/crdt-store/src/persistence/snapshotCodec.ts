import type { Item } from '@kuhiro/expressions';
import { decodeSnapshotPart, RECORD_KIND } from './logRecordCodec.js';
import type { SnapshotEntry, SnapshotIndexEntry } from './persistenceAdapter.js';
import type { TableRecord } from '../types.js';
import { REGENERABLE_STATE } from '../item/stateText.js';

/**
 * Snapshot item chunks, format 2 (record kind 13): the items of one table as the store keeps
 * them, copied byte for byte. Per item: u8 flags (1 = live), then u32-LE-length-prefixed
 * fields: tree key (latin1), item text (UTF-8; for a deleted item the JSON of its key
 * attributes), Yjs state (latin1), then u32 size. Decoding slices each field out of the
 * payload into its own string (no JSON parsing, no per-item objects beyond the entry).
 * Format 1 chunks (kind 11, one JSON array per chunk) are still read, through logRecordCodec.
 */
export const SNAPSHOT_ENTRIES_KIND = 13;
/**
 * Snapshot item chunks, format 3 (record kind 15, the one written now): kind 13's layout with a
 * f64-LE Yjs clientID after the table id, and flag 2 on an item whose state is regenerable
 * (item/stateText.ts REGENERABLE_STATE): its state field is left out, and it reads back with
 * `regeneratedBy` = that clientID. A bulk-loaded item's state was more than its text on disk.
 */
export const SNAPSHOT_REGENERABLE_ENTRIES_KIND = 15;
/**
 * Index entries of one index, in index order (record kind 14): u32-length-prefixed table id and
 * index name, u32 count, then per entry u8 flags (1 = by reference), the tree key (latin1),
 * and either the item's table tree key (latin1; ALL projections: the entry is the item's
 * record) or the projected text (UTF-8) and u32 size.
 */
export const SNAPSHOT_INDEX_KIND = 14;

const LIVE = 1;
const REGENERABLE = 2;

export type SnapshotPart =
  | { kind: 'header'; tables: TableRecord[] }
  | { kind: 'items'; items: SnapshotEntry[] }
  | { kind: 'index'; entries: SnapshotIndexEntry[] }
  | { kind: 'end'; itemCount: number };

/** Encodes entries of one table; each must carry its `treeKey`. */
export function encodeSnapshotEntries(tableId: string, entries: SnapshotEntry[]): Buffer {
  // Upper bound: UTF-8 takes at most 3 bytes per UTF-16 code unit; latin1 fields 1 per char.
  let bound = 1 + 4 + Buffer.byteLength(tableId) + 8 + 4;
  // One clientID per chunk: every regenerable entry of it must have been written by it.
  let clientId: number | undefined;
  for (const entry of entries) {
    const text = entry.text ?? JSON.stringify(entry.key);
    bound += 1 + 4 + treeKeyOf(entry).length + 4 + text.length * 3 + 4 + entry.state.length + 4;
    if (isRegenerable(entry)) {
      clientId ??= entry.regeneratedBy;
      if (entry.regeneratedBy !== clientId) throw new Error('regenerable snapshot entries of one chunk from two clientIDs');
    }
  }
  const out = Buffer.allocUnsafe(bound);
  let at = 0;
  out[at++] = SNAPSHOT_REGENERABLE_ENTRIES_KIND;
  at = writeField(out, at, tableId, 'utf8');
  out.writeDoubleLE(clientId ?? 0, at);
  at += 8;
  out.writeUInt32LE(entries.length, at);
  at += 4;
  for (const entry of entries) {
    const regenerable = isRegenerable(entry);
    out[at++] = (entry.text === undefined ? 0 : LIVE) | (regenerable ? REGENERABLE : 0);
    at = writeField(out, at, treeKeyOf(entry), 'latin1');
    at = writeField(out, at, entry.text ?? JSON.stringify(entry.key), 'utf8');
    if (!regenerable) at = writeField(out, at, entry.state, 'latin1');
    out.writeUInt32LE(entry.text === undefined ? 0 : entry.size, at);
    at += 4;
  }
  return out.subarray(0, at);
}

/** Encodes entries of one index (all with the `tableId` and `index` given). */
export function encodeSnapshotIndexEntries(tableId: string, index: string, entries: SnapshotIndexEntry[]): Buffer {
  let bound = 1 + 4 + Buffer.byteLength(tableId) + 4 + Buffer.byteLength(index) + 4;
  for (const entry of entries) bound += 1 + 4 + entry.treeKey.length + 4 + (entry.itemTreeKey?.length ?? (entry.text ?? '').length * 3) + 4;
  const out = Buffer.allocUnsafe(bound);
  let at = 0;
  out[at++] = SNAPSHOT_INDEX_KIND;
  at = writeField(out, at, tableId, 'utf8');
  at = writeField(out, at, index, 'utf8');
  out.writeUInt32LE(entries.length, at);
  at += 4;
  for (const entry of entries) {
    const byReference = entry.itemTreeKey !== undefined;
    out[at++] = byReference ? LIVE : 0;
    at = writeField(out, at, entry.treeKey, 'latin1');
    if (byReference) {
      at = writeField(out, at, entry.itemTreeKey!, 'latin1');
    } else {
      at = writeField(out, at, entry.text ?? '', 'utf8');
      out.writeUInt32LE(entry.size, at);
      at += 4;
    }
  }
  return out.subarray(0, at);
}

function isRegenerable(entry: SnapshotEntry): boolean {
  if (entry.state !== REGENERABLE_STATE) return false;
  if (entry.text === undefined || entry.regeneratedBy === undefined) throw new Error('a regenerable snapshot entry needs its item and clientID');
  return true;
}

function treeKeyOf(entry: SnapshotEntry): string {
  if (entry.treeKey === undefined) throw new Error('a snapshot entry needs its tree key');
  return entry.treeKey;
}

function writeField(out: Buffer, at: number, value: string, encoding: 'utf8' | 'latin1'): number {
  const written = out.write(value, at + 4, encoding);
  out.writeUInt32LE(written, at);
  return at + 4 + written;
}

/** Decodes any snapshot record (header, items of either format, end). */
export function decodeSnapshotRecord(payload: Buffer): SnapshotPart {
  const kind = payload[0];
  if (kind !== SNAPSHOT_ENTRIES_KIND && kind !== SNAPSHOT_REGENERABLE_ENTRIES_KIND && kind !== SNAPSHOT_INDEX_KIND) return fromFormat1(payload);
  let at = 1;
  const field = (encoding: 'utf8' | 'latin1'): string => {
    const length = payload.readUInt32LE(at);
    const end = at + 4 + length;
    if (end > payload.length) throw new Error('snapshot entry field extends past its record');
    // Buffer#toString copies into a new flat string: nothing keeps the read buffer alive.
    const value = payload.toString(encoding, at + 4, end);
    at = end;
    return value;
  };
  const tableId = field('utf8');
  if (payload[0] === SNAPSHOT_INDEX_KIND) {
    const index = field('utf8');
    const count = payload.readUInt32LE(at);
    at += 4;
    const entries: SnapshotIndexEntry[] = [];
    for (let i = 0; i < count; i++) {
      const byReference = payload[at++] === LIVE;
      const treeKey = field('latin1');
      if (byReference) {
        entries.push({ tableId, index, treeKey, itemTreeKey: field('latin1'), size: 0 });
      } else {
        const text = field('utf8');
        entries.push({ tableId, index, treeKey, text, size: payload.readUInt32LE(at) });
        at += 4;
      }
    }
    if (at !== payload.length) throw new Error('snapshot index record has trailing bytes');
    return { kind: 'index', entries };
  }
  let clientId = 0;
  if (kind === SNAPSHOT_REGENERABLE_ENTRIES_KIND) {
    clientId = payload.readDoubleLE(at);
    at += 8;
  }
  const count = payload.readUInt32LE(at);
  at += 4;
  const items: SnapshotEntry[] = [];
  for (let i = 0; i < count; i++) {
    const flags = payload[at++]!;
    const live = (flags & LIVE) !== 0;
    // Kind 13 has no flag 2; its flags byte was 0 or 1 only.
    const regenerable = kind === SNAPSHOT_REGENERABLE_ENTRIES_KIND && (flags & REGENERABLE) !== 0;
    const treeKey = field('latin1');
    const text = field('utf8');
    const state = regenerable ? REGENERABLE_STATE : field('latin1');
    const size = payload.readUInt32LE(at);
    at += 4;
    if (regenerable && !live) throw new Error('snapshot entry: a deleted item with a regenerable state');
    if (regenerable) items.push({ tableId, treeKey, text, state, regeneratedBy: clientId, size });
    else items.push(live ? { tableId, treeKey, text, state, size } : { tableId, treeKey, key: JSON.parse(text) as Item, text: undefined, state, size: 0 });
  }
  if (at !== payload.length) throw new Error('snapshot entries record has trailing bytes');
  return { kind: 'items', items };
}

function fromFormat1(payload: Buffer): SnapshotPart {
  if (payload[0] !== RECORD_KIND.snapshotItems) return decodeSnapshotPart(payload) as SnapshotPart;
  const part = decodeSnapshotPart(payload);
  if (part.kind !== 'items') throw new Error('unexpected snapshot record');
  return {
    kind: 'items',
    items: part.items.map((item) => ({
      tableId: item.tableId,
      ...(item.key !== undefined ? { key: item.key } : {}),
      text: item.item === undefined ? undefined : JSON.stringify(item.item),
      state: Buffer.from(item.state).toString('latin1'),
      size: item.item === undefined ? 0 : (item.size ?? 0),
    })),
  };
}
