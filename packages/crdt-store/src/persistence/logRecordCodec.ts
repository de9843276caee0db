import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Item } from '@kuhiro/expressions';
import type { TableRecord } from '../types.js';
import type { LogRecord, SnapshotItem } from './persistenceAdapter.js';
import { reusableEncoder } from '../scratchEncoder.js';

/** Record kinds, one byte-ish varuint at the start of each payload. Never renumber. */
export const RECORD_KIND = {
  write: 1,
  putTable: 2,
  deleteTable: 3,
  snapshotHeader: 10,
  snapshotItems: 11,
  snapshotEnd: 12,
} as const;

/** Reused across calls (scratchEncoder.ts): growing a fresh encoder was a third of the encoding time. */
const scratchEncoder = reusableEncoder();

export function encodeLogRecord(record: LogRecord): Uint8Array {
  const encoder = scratchEncoder();
  switch (record.kind) {
    case 'write':
      encoding.writeVarUint(encoder, RECORD_KIND.write);
      encoding.writeVarUint(encoder, record.entries.length);
      for (const entry of record.entries) {
        encoding.writeVarString(encoder, entry.tableId);
        encoding.writeVarString(encoder, JSON.stringify(entry.key));
        encoding.writeVarUint8Array(encoder, entry.update);
        encoding.writeVarString(encoder, entry.item === undefined ? '' : (entry.itemText ?? JSON.stringify(entry.item)));
      }
      break;
    case 'putTable':
      encoding.writeVarUint(encoder, RECORD_KIND.putTable);
      encoding.writeVarString(encoder, JSON.stringify(record.table));
      break;
    case 'deleteTable':
      encoding.writeVarUint(encoder, RECORD_KIND.deleteTable);
      encoding.writeVarString(encoder, record.tableId);
      break;
  }
  return encoding.toUint8Array(encoder);
}

export function decodeLogRecord(payload: Uint8Array): LogRecord {
  const decoder = decoding.createDecoder(payload);
  const kind = decoding.readVarUint(decoder);
  switch (kind) {
    case RECORD_KIND.write: {
      const count = decoding.readVarUint(decoder);
      const entries = [];
      for (let i = 0; i < count; i++) {
        const tableId = decoding.readVarString(decoder);
        const key = JSON.parse(decoding.readVarString(decoder)) as Item;
        // Copy: the payload is a view into the whole file buffer, which should not be kept alive.
        const update = decoding.readVarUint8Array(decoder).slice();
        const itemJson = decoding.readVarString(decoder);
        entries.push({ tableId, key, update, item: itemJson === '' ? undefined : (JSON.parse(itemJson) as Item) });
      }
      return { kind: 'write', entries };
    }
    case RECORD_KIND.putTable:
      return { kind: 'putTable', table: JSON.parse(decoding.readVarString(decoder)) as TableRecord };
    case RECORD_KIND.deleteTable:
      return { kind: 'deleteTable', tableId: decoding.readVarString(decoder) };
    default:
      throw new Error(`unknown log record kind ${kind}`);
  }
}

export function encodeSnapshotHeader(tables: TableRecord[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, RECORD_KIND.snapshotHeader);
  encoding.writeVarString(encoder, JSON.stringify(tables));
  return encoding.toUint8Array(encoder);
}

/** A chunk of items of one table. */
export function encodeSnapshotItems(tableId: string, items: SnapshotItem[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, RECORD_KIND.snapshotItems);
  encoding.writeVarString(encoder, tableId);
  encoding.writeVarUint(encoder, items.length);
  // One JSON text per chunk (one JSON.parse per 1,000 items on load, not two per item: restart
  // time was 38% JSON parsing). A live item is its object; a tombstone is [key] (items are
  // never arrays). A live item's key is its key attributes, so it is not stored twice.
  encoding.writeVarString(encoder, JSON.stringify(items.map((item) => item.item ?? [item.key])));
  for (const item of items) {
    encoding.writeVarUint8Array(encoder, item.state);
    encoding.writeVarUint(encoder, item.item === undefined ? 0 : (item.size ?? 0));
  }
  return encoding.toUint8Array(encoder);
}

export function encodeSnapshotEnd(itemCount: number): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, RECORD_KIND.snapshotEnd);
  encoding.writeVarUint(encoder, itemCount);
  return encoding.toUint8Array(encoder);
}

export type SnapshotPart =
  | { kind: 'header'; tables: TableRecord[] }
  | { kind: 'items'; items: SnapshotItem[] }
  | { kind: 'end'; itemCount: number };

export function decodeSnapshotPart(payload: Uint8Array): SnapshotPart {
  const decoder = decoding.createDecoder(payload);
  const kind = decoding.readVarUint(decoder);
  switch (kind) {
    case RECORD_KIND.snapshotHeader:
      return { kind: 'header', tables: JSON.parse(decoding.readVarString(decoder)) as TableRecord[] };
    case RECORD_KIND.snapshotItems: {
      const tableId = decoding.readVarString(decoder);
      const count = decoding.readVarUint(decoder);
      const entries = JSON.parse(decoding.readVarString(decoder)) as Array<Item | [Item]>;
      if (entries.length !== count) throw new Error('snapshot chunk item count mismatch');
      const items: SnapshotItem[] = [];
      for (const entry of entries) {
        // Copied: the decoded bytes are a view into the whole file, which must not stay alive.
        const state = decoding.readVarUint8Array(decoder).slice();
        const size = decoding.readVarUint(decoder);
        if (Array.isArray(entry)) items.push({ tableId, key: entry[0], item: undefined, state });
        else items.push({ tableId, item: entry, state, size });
      }
      return { kind: 'items', items };
    }
    case RECORD_KIND.snapshotEnd:
      return { kind: 'end', itemCount: decoding.readVarUint(decoder) };
    default:
      throw new Error(`unknown snapshot record kind ${kind}`);
  }
}
