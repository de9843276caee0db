import type { FsyncPolicy } from '../types.js';
import type { LogFile } from './logFile.js';

/** A batch this large is written at once instead of waiting for the group-commit timer. */
const EAGER_FLUSH_BYTES = 1 << 20;

interface Waiter {
  resolve: () => void;
  reject: (error: Error) => void;
}

interface Batch {
  frames: Uint8Array[];
  bytes: number;
  waiters: Waiter[];
}

function emptyBatch(): Batch {
  return { frames: [], bytes: 0, waiters: [] };
}

/**
 * Appends framed records to the current log segment with the node's fsync policy:
 * - 'always': each append is written and fsynced before its promise resolves (appends made in
 *   the same tick, or while an fsync is in flight, share the next fsync);
 * - 'batch': group commit: one write + one fdatasync covers every append of a batch. With
 *   `groupCommitMs` 0 (the store's default) a batch starts as soon as the log is idle, after
 *   the current event-loop turn (so the requests read in one turn share it), and appends that
 *   arrive while it is on its way to disk form the next one: the batch grows with the load by
 *   itself, and a lone write waits for one fsync, not for a timer plus one. With
 *   `groupCommitMs` > 0 appends also wait that long (or until 1 MiB) before a batch starts;
 * - 'none': written on the same schedule as 'batch', never fsynced (speed tests only).
 * Records reach the file in append order; one flush runs at a time.
 */
export class LogWriter {
  private pending = emptyBatch();
  /** Every file operation runs after the previous one: one writer, records in append order. */
  private tail: Promise<void> = Promise.resolve();
  /** A flush is queued on `tail` and has not taken its batch yet. */
  private flushQueued = false;
  /** Cancels the pending start of a batch ('batch' policy), if one is scheduled. */
  private timer: (() => void) | undefined;
  private failure: Error | undefined;

  constructor(
    private file: LogFile,
    private readonly policy: FsyncPolicy,
    private readonly groupCommitMs: number,
  ) {}

  append(frame: Uint8Array): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const done = new Promise<void>((resolve, reject) => this.pending.waiters.push({ resolve, reject }));
    this.pending.frames.push(frame);
    this.pending.bytes += frame.length;
    this.schedule();
    return done;
  }

  /**
   * Writes and syncs everything appended before this operation runs to the current file, closes
   * it and continues in `next`. Appends made after it resolves are in `next`.
   */
  rotate(next: LogFile): Promise<void> {
    return this.enqueue(async () => {
      const old = this.file;
      await this.writeBatch(old, this.takePending(), true);
      this.file = next;
      await old.close();
    });
  }

  /** Writes (and, unless the policy is 'none', syncs) everything appended so far. */
  flush(): Promise<void> {
    return this.enqueue(() => this.writeBatch(this.file, this.takePending(), this.policy !== 'none'));
  }

  async close(): Promise<void> {
    await this.flush();
    await this.enqueue(() => this.file.close());
  }

  private enqueue(operation: () => Promise<void>): Promise<void> {
    const run = this.tail.then(operation);
    this.tail = run.catch(() => undefined);
    return run;
  }

  private takePending(): Batch {
    const batch = this.pending;
    this.pending = emptyBatch();
    this.timer?.();
    this.timer = undefined;
    return batch;
  }

  private schedule(): void {
    if (this.flushQueued || this.pending.frames.length === 0) return;
    if (this.policy === 'always' || this.pending.bytes >= EAGER_FLUSH_BYTES) {
      this.timer?.();
      this.timer = undefined;
      // Queued at once; the batch is taken when the flush runs, so every append made until
      // then (the rest of this synchronous run, or during the previous fsync) shares it.
      this.queueFlush();
    } else if (this.timer === undefined) {
      const start = () => {
        this.timer = undefined;
        this.queueFlush();
      };
      if (this.groupCommitMs > 0) {
        const timeout = setTimeout(start, this.groupCommitMs);
        this.timer = () => clearTimeout(timeout);
      } else {
        const immediate = setImmediate(start);
        this.timer = () => clearImmediate(immediate);
      }
    }
  }

  private queueFlush(): void {
    this.flushQueued = true;
    void this.enqueue(async () => {
      this.flushQueued = false;
      await this.writeBatch(this.file, this.takePending(), this.policy !== 'none');
      // Appends made during this flush wait for their own window (or go at once under 'always').
      this.schedule();
    });
  }

  private async writeBatch(file: LogFile, batch: Batch, sync: boolean): Promise<void> {
    if (batch.frames.length === 0) return;
    try {
      if (this.failure) throw this.failure;
      file.appendSync(batch.frames);
      if (sync) await file.datasync();
      for (const waiter of batch.waiters) waiter.resolve();
    } catch (error) {
      // A log that failed to write may have a hole: refuse every later append rather than
      // acknowledge writes after a lost one.
      this.failure ??= error instanceof Error ? error : new Error(String(error));
      for (const waiter of batch.waiters) waiter.reject(this.failure);
    }
  }
}
