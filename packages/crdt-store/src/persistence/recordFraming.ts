import { crc32 } from 'node:zlib';

/**
 * Record framing shared by log segments and snapshots: a file starts with an 8-byte magic and a
 * format version byte; then each record is [u32 LE payload length][u32 LE CRC-32 of payload][payload].
 */
export const FRAME_HEADER_BYTES = 8;
export const FILE_HEADER_BYTES = 9;
export const FORMAT_VERSION = 1;
/** A record claiming more than this is a torn or corrupt length, not a real record. */
const MAX_RECORD_BYTES = 1 << 30;

export function fileHeader(magic: string): Buffer {
  const header = Buffer.alloc(FILE_HEADER_BYTES);
  header.write(magic, 0, 8, 'latin1');
  header[8] = FORMAT_VERSION;
  return header;
}

/** Checks the file header; returns a problem description or undefined if it is good. */
export function checkFileHeader(data: Buffer, magic: string): string | undefined {
  if (data.length < FILE_HEADER_BYTES) return 'file header is missing';
  if (data.toString('latin1', 0, 8) !== magic) return 'file header has the wrong magic';
  if (data[8] !== FORMAT_VERSION) return `format version ${data[8]} is not supported (this build reads ${FORMAT_VERSION})`;
  return undefined;
}

export function frameRecord(payload: Uint8Array): Buffer {
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + payload.length);
  frame.writeUInt32LE(payload.length, 0);
  frame.writeUInt32LE(crc32(payload), 4);
  frame.set(payload, FRAME_HEADER_BYTES);
  return frame;
}

export interface FrameScan {
  payloads: Buffer[];
  /** Offset just past the last good record. */
  goodEnd: number;
  /** Why reading stopped before the end of the data, if it did. */
  problem: string | undefined;
}

/** Reads records from `start` until the end of the data or the first bad one. */
export function readFrames(data: Buffer, start: number): FrameScan {
  const payloads: Buffer[] = [];
  let offset = start;
  while (offset < data.length) {
    if (data.length - offset < FRAME_HEADER_BYTES) return { payloads, goodEnd: offset, problem: 'partial record header' };
    const length = data.readUInt32LE(offset);
    if (length > MAX_RECORD_BYTES || offset + FRAME_HEADER_BYTES + length > data.length) {
      return { payloads, goodEnd: offset, problem: 'record extends past the end of the file' };
    }
    const payload = data.subarray(offset + FRAME_HEADER_BYTES, offset + FRAME_HEADER_BYTES + length);
    if (crc32(payload) !== data.readUInt32LE(offset + 4)) return { payloads, goodEnd: offset, problem: 'record checksum mismatch' };
    payloads.push(payload);
    offset += FRAME_HEADER_BYTES + length;
  }
  return { payloads, goodEnd: offset, problem: undefined };
}
