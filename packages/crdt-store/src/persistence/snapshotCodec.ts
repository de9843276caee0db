import type { Item } from '@kuhiro/expressions';
import { decodeSnapshotPart, RECORD_KIND } from './logRecordCodec.js';
import type { SnapshotEntry, SnapshotIndexEntry } from './persistenceAdapter.js';
import type { TableRecord } from '../types.js';

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
 * Index entries of one index, in index order (record kind 14): u32-length-prefixed table id and
 * index name, u32 count, then per entry u8 flags (1 = by reference), the tree key (latin1),
 * and either the item's table tree key (latin1; ALL projections: the entry is the item's
 * record) or the projected text (UTF-8) and u32 size.
 */
export const SNAPSHOT_INDEX_KIND = 14;

const LIVE = 1;

export type SnapshotPart =
  | { kind: 'header'; tables: TableRecord[] }
  | { kind: 'items'; items: SnapshotEntry[] }
  | { kind: 'index'; entries: SnapshotIndexEntry[] }
  | { kind: 'end'; itemCount: number };

/** Encodes entries of one table; each must carry its `treeKey`. */
export function encodeSnapshotEntries(tableId: string, entries: SnapshotEntry[]): Buffer {
  // Upper bound: UTF-8 takes at most 3 bytes per UTF-16 code unit; latin1 fields 1 per char.
  let bound = 1 + 4 + Buffer.byteLength(tableId) + 4;
  for (const entry of entries) {
    const text = entry.text ?? JSON.stringify(entry.key);
    bound += 1 + 4 + treeKeyOf(entry).length + 4 + text.length * 3 + 4 + entry.state.length + 4;
  }
  const out = Buffer.allocUnsafe(bound);
  let at = 0;
  out[at++] = SNAPSHOT_ENTRIES_KIND;
  at = writeField(out, at, tableId, 'utf8');
  out.writeUInt32LE(entries.length, at);
  at += 4;
  for (const entry of entries) {
    out[at++] = entry.text === undefined ? 0 : LIVE;
    at = writeField(out, at, treeKeyOf(entry), 'latin1');
    at = writeField(out, at, entry.text ?? JSON.stringify(entry.key), 'utf8');
    at = writeField(out, at, entry.state, 'latin1');
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
  if (payload[0] !== SNAPSHOT_ENTRIES_KIND && payload[0] !== SNAPSHOT_INDEX_KIND) return fromFormat1(payload);
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
  const count = payload.readUInt32LE(at);
  at += 4;
  const items: SnapshotEntry[] = [];
  for (let i = 0; i < count; i++) {
    const live = payload[at++] === LIVE;
    const treeKey = field('latin1');
    const text = field('utf8');
    const state = field('latin1');
    const size = payload.readUInt32LE(at);
    at += 4;
    items.push(live ? { tableId, treeKey, text, state, size } : { tableId, treeKey, key: JSON.parse(text) as Item, text: undefined, state, size: 0 });
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
