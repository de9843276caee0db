import { open, readFile, rename, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/** What is needed to run a queued Event invocation again after a restart. */
export interface JournaledEvent {
  /** The invocation's request id (the 202's x-amzn-RequestId). */
  id: string;
  tenant: string;
  functionName: string;
  /** The version the invocation resolved to when it was accepted ("$LATEST" or a number). */
  version: string;
  /** The qualifier the caller used (alias or version), for the ARN and the event-invoke-config. */
  qualifier?: string;
  payload: string;
  clientContext?: unknown;
  enqueuedAt: number;
  maxRetries: number;
  maxAgeMs: number;
}

export type JournalRecord =
  | { op: 'queued'; event: JournaledEvent }
  /** Attempt `attempt` (0-based) is due at `dueAt` (epoch ms): a failed attempt's retry. */
  | { op: 'retry'; id: string; attempt: number; dueAt: number }
  /** Delivered, or given up (retries exhausted, too old, function gone). */
  | { op: 'done'; id: string };

export interface PendingEvent {
  event: JournaledEvent;
  attempt: number;
  dueAt: number;
}

/** A journal of mostly finished events is rewritten once it holds this many records. */
const COMPACT_AFTER_RECORDS = 1000;

/**
 * The Event invocation queue on disk: an append-only file of JSON lines (queued / retry / done).
 * Appends are group-committed: every record waiting when a write starts goes in one write and one
 * fdatasync, so a burst of 202s costs one disk flush, not one each. Once nothing is pending the file
 * is truncated; a long file of mostly finished events is rewritten (temp file, fsync, rename).
 * A torn last line (a crash mid-write) is skipped on load: its 202 had not been sent.
 */
export class AsyncEventJournal {
  private readonly waiting: Array<{ line: string; settle: (error?: Error) => void }> = [];
  private writing: Promise<void> | undefined;
  private recordsInFile = 0;

  private constructor(
    private readonly filePath: string,
    private handle: FileHandle,
    private readonly pending: Map<string, PendingEvent>,
  ) {}

  /** Reads the journal (a missing file is an empty queue), rewrites it compacted, and opens it for appending. */
  static async open(filePath: string, warn: (message: string) => void): Promise<AsyncEventJournal> {
    let text = '';
    try {
      text = await readFile(filePath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const pending = new Map<string, PendingEvent>();
    let skipped = 0;
    for (const line of text.split('\n')) {
      if (line === '') continue;
      let record: JournalRecord;
      try {
        record = JSON.parse(line) as JournalRecord;
      } catch {
        skipped++;
        continue;
      }
      applyRecord(pending, record);
    }
    if (skipped > 0) warn(`async event journal ${filePath}: skipped ${skipped} unreadable line(s) (a write cut short by a crash)`);
    await writeCompacted(filePath, pending);
    const journal = new AsyncEventJournal(filePath, await open(filePath, 'a'), pending);
    journal.recordsInFile = countRecords(pending);
    return journal;
  }

  /** Events accepted but neither delivered nor given up, oldest first. */
  pendingEvents(): PendingEvent[] {
    return [...this.pending.values()];
  }

  /** Resolves once the record is on disk (fdatasync); rejects if it could not be written. */
  append(record: JournalRecord): Promise<void> {
    applyRecord(this.pending, record);
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ line: JSON.stringify(record) + '\n', settle: (error) => (error ? reject(error) : resolve()) });
      this.writing ??= this.writeWaiting();
    });
  }

  /** Waits for the records appended so far, then closes the file. */
  async close(): Promise<void> {
    await this.writing;
    await this.handle.close();
  }

  private async writeWaiting(): Promise<void> {
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0);
      let failure: Error | undefined;
      try {
        await this.handle.write(batch.map((entry) => entry.line).join(''));
        await this.handle.datasync();
        this.recordsInFile += batch.length;
        await this.compactIfWorthIt();
      } catch (error) {
        failure = error as Error;
      }
      for (const entry of batch) entry.settle(failure);
    }
    this.writing = undefined;
  }

  private async compactIfWorthIt(): Promise<void> {
    // `pending` already reflects records still waiting to be written: compact only between bursts.
    if (this.waiting.length > 0) return;
    if (this.pending.size === 0) {
      if (this.recordsInFile === 0) return;
      await this.handle.truncate(0);
      await this.handle.datasync();
      this.recordsInFile = 0;
      return;
    }
    if (this.recordsInFile < COMPACT_AFTER_RECORDS || this.recordsInFile < 4 * countRecords(this.pending)) return;
    await writeCompacted(this.filePath, this.pending);
    await this.handle.close();
    this.handle = await open(this.filePath, 'a');
    this.recordsInFile = countRecords(this.pending);
  }
}

function applyRecord(pending: Map<string, PendingEvent>, record: JournalRecord): void {
  switch (record.op) {
    case 'queued':
      pending.set(record.event.id, { event: record.event, attempt: 0, dueAt: record.event.enqueuedAt });
      return;
    case 'retry': {
      const entry = pending.get(record.id);
      if (entry) Object.assign(entry, { attempt: record.attempt, dueAt: record.dueAt });
      return;
    }
    case 'done':
      pending.delete(record.id);
      return;
  }
}

function recordsOf(pending: Map<string, PendingEvent>): JournalRecord[] {
  const records: JournalRecord[] = [];
  for (const { event, attempt, dueAt } of pending.values()) {
    records.push({ op: 'queued', event });
    if (attempt > 0) records.push({ op: 'retry', id: event.id, attempt, dueAt });
  }
  return records;
}

function countRecords(pending: Map<string, PendingEvent>): number {
  let count = 0;
  for (const entry of pending.values()) count += entry.attempt > 0 ? 2 : 1;
  return count;
}

/** Replaces the file with just the pending events: temp file, fsync, rename, fsync of the folder. */
async function writeCompacted(filePath: string, pending: Map<string, PendingEvent>): Promise<void> {
  const temp = `${filePath}.compacting`;
  const file = await open(temp, 'w');
  try {
    await file.write(recordsOf(pending).map((record) => JSON.stringify(record) + '\n').join(''));
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temp, filePath);
  const folder = await open(path.dirname(filePath), 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}
