import { writevSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';

/** What the log writer needs of a segment file (a seam for tests). */
export interface LogFile {
  /**
   * Appends the frames, synchronously: a small write lands in the page cache in microseconds,
   * while `FileHandle.writev` costs a round trip through libuv's thread pool before the fsync
   * (a second one) can even start, and on a loaded machine each round trip waits for a core.
   */
  appendSync(frames: Uint8Array[]): void;
  datasync(): Promise<void>;
  close(): Promise<void>;
}

/** A segment opened in append mode ('a'). */
export function logFileOf(handle: FileHandle): LogFile {
  return {
    appendSync(frames) {
      let pending = frames;
      // writev may write less than asked (a signal, a full disk's last bytes): go on with the rest.
      for (;;) {
        const total = pending.reduce((sum, frame) => sum + frame.length, 0);
        const written = writevSync(handle.fd, pending);
        if (written >= total) return;
        if (written === 0) throw new Error('log write made no progress');
        pending = [Buffer.concat(pending).subarray(written)];
      }
    },
    datasync: () => handle.datasync(),
    close: () => handle.close(),
  };
}
