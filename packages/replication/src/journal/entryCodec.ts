import { crc32 } from 'node:zlib';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import type { ReplicationRecord } from '../types.js';
import { readRecord, writeRecord } from '../protocol/recordCodec.js';

/**
 * Segment file = SEGMENT_HEADER, then entries:
 *   u32 LE payload length | u32 LE CRC-32 of payload | payload
 *   payload = u8 format version | u8 entry kind | f64 appendedAt (ms) | record (recordCodec)
 * The length prefix finds the next entry without decoding; the CRC tells a torn or
 * corrupt tail (kill -9 mid-write) from a valid entry.
 */
export const SEGMENT_MAGIC = 'KJNL';
export const JOURNAL_FORMAT_VERSION = 1;
export const SEGMENT_HEADER = Uint8Array.from([0x4b, 0x4a, 0x4e, 0x4c, JOURNAL_FORMAT_VERSION, 0, 0, 0]);
export const ENTRY_HEADER_BYTES = 8;

export const JournalEntryKind = {
  RECORD: 1,
} as const;

export interface JournalEntry {
  appendedAt: number;
  record: ReplicationRecord;
}

export function encodeJournalEntry(entry: JournalEntry): Buffer {
  const encoder = encoding.createEncoder();
  encoding.writeUint8(encoder, JOURNAL_FORMAT_VERSION);
  encoding.writeUint8(encoder, JournalEntryKind.RECORD);
  encoding.writeFloat64(encoder, entry.appendedAt);
  writeRecord(encoder, entry.record);
  const payload = encoding.toUint8Array(encoder);
  const out = Buffer.allocUnsafe(ENTRY_HEADER_BYTES + payload.length);
  out.writeUInt32LE(payload.length, 0);
  out.writeUInt32LE(crc32(payload), 4);
  out.set(payload, ENTRY_HEADER_BYTES);
  return out;
}

export type ReadEntryResult =
  | { status: 'ok'; entry: JournalEntry; byteLength: number }
  /** Not enough bytes for the header or the payload: a write cut short. */
  | { status: 'truncated' }
  | { status: 'corrupt'; reason: string };

/** Reads the entry at `offset` of `bytes` (a segment or a slice of one). */
export function readJournalEntry(bytes: Uint8Array, offset: number): ReadEntryResult {
  if (bytes.length - offset < ENTRY_HEADER_BYTES) return { status: 'truncated' };
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.readUInt32LE(offset);
  const expectedCrc = view.readUInt32LE(offset + 4);
  const start = offset + ENTRY_HEADER_BYTES;
  if (bytes.length - start < length) return { status: 'truncated' };
  const payload = bytes.subarray(start, start + length);
  if (crc32(payload) !== expectedCrc) return { status: 'corrupt', reason: 'CRC mismatch' };
  try {
    const decoder = decoding.createDecoder(payload);
    const version = decoding.readUint8(decoder);
    if (version !== JOURNAL_FORMAT_VERSION) return { status: 'corrupt', reason: `unknown format version ${version}` };
    const kind = decoding.readUint8(decoder);
    if (kind !== JournalEntryKind.RECORD) return { status: 'corrupt', reason: `unknown entry kind ${kind}` };
    const appendedAt = decoding.readFloat64(decoder);
    const record = readRecord(decoder);
    return { status: 'ok', entry: { appendedAt, record }, byteLength: ENTRY_HEADER_BYTES + length };
  } catch (error) {
    return { status: 'corrupt', reason: (error as Error).message };
  }
}

export function hasSegmentHeader(bytes: Uint8Array): boolean {
  if (bytes.length < SEGMENT_HEADER.length) return false;
  for (let i = 0; i < 5; i++) if (bytes[i] !== SEGMENT_HEADER[i]) return false;
  return true;
}
