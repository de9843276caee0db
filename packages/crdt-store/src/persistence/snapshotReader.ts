import { open } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { checkFileHeader, FILE_HEADER_BYTES, FRAME_HEADER_BYTES } from './recordFraming.js';

/** Bytes read from the file at a time: the snapshot is never in memory whole. */
const READ_BYTES = 4 * 1024 * 1024;
/** A record claiming more than this is a torn or corrupt length, not a real record. */
const MAX_RECORD_BYTES = 1 << 30;

/**
 * Reads a framed file (recordFraming.ts) record by record, a few MiB at a time, checking each
 * record's CRC before handing its payload to `onRecord` (the payload is a view into a reused
 * read buffer: decode it before returning). Returns why reading stopped early, or undefined
 * once the whole file was read. The caller decides what a problem means (for a snapshot: the
 * whole snapshot is unusable).
 */
export async function readFramedFile(path: string, magic: string, onRecord: (payload: Buffer) => void): Promise<string | undefined> {
  const file = await open(path, 'r');
  try {
    let buffer = Buffer.allocUnsafe(READ_BYTES);
    // [start, end) of buffer holds bytes read but not yet consumed.
    let start = 0;
    let end = 0;
    let eof = false;
    /** Makes at least `bytes` unconsumed bytes available unless the file ends first. */
    const fill = async (bytes: number): Promise<boolean> => {
      while (end - start < bytes && !eof) {
        if (start > 0) {
          buffer.copy(buffer, 0, start, end);
          end -= start;
          start = 0;
        }
        if (bytes > buffer.length) {
          const bigger = Buffer.allocUnsafe(Math.max(bytes, buffer.length * 2));
          buffer.copy(bigger, 0, 0, end);
          buffer = bigger;
        }
        const { bytesRead } = await file.read(buffer, end, buffer.length - end, null);
        if (bytesRead === 0) eof = true;
        end += bytesRead;
      }
      return end - start >= bytes;
    };
    await fill(FILE_HEADER_BYTES);
    const headerProblem = checkFileHeader(buffer.subarray(start, end), magic);
    if (headerProblem !== undefined) return headerProblem;
    start += FILE_HEADER_BYTES;
    for (;;) {
      if (!(await fill(FRAME_HEADER_BYTES))) return end === start ? undefined : 'partial record header';
      const length = buffer.readUInt32LE(start);
      if (length > MAX_RECORD_BYTES || !(await fill(FRAME_HEADER_BYTES + length))) return 'record extends past the end of the file';
      const payload = buffer.subarray(start + FRAME_HEADER_BYTES, start + FRAME_HEADER_BYTES + length);
      if (crc32(payload) !== buffer.readUInt32LE(start + 4)) return 'record checksum mismatch';
      start += FRAME_HEADER_BYTES + length;
      onRecord(payload);
    }
  } finally {
    await file.close();
  }
}
