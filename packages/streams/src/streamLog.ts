import { closeSync, fdatasyncSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync, existsSync } from 'node:fs';
import type { StoredStreamRecord } from './streamTypes.js';

/**
 * The records of one stream: an append-only JSON-lines file plus the same records in memory
 * (24 h of them at most). Appends are synchronous writes, so a record is in the OS's page cache
 * before the write that made it is acknowledged (a crash of the process loses none); the file is
 * fdatasync'ed by `flush()`, which the service calls every few ms when something was appended.
 * Trimming drops records older than the retention and rewrites the file once enough are gone.
 */
export class StreamLog {
  private records: StoredStreamRecord[] = [];
  private fd: number | undefined;
  private dirty = false;
  private trimmedSinceRewrite = 0;
  /** The highest sequence number trimmed away ('' if none): an iterator before it reads trimmed data. */
  trimmedThrough = '';

  private constructor(private readonly file: string) {}

  static open(file: string): StreamLog {
    const log = new StreamLog(file);
    if (existsSync(file)) {
      const text = readFileSync(file, 'utf8');
      for (const line of text.split('\n')) {
        if (line === '') continue;
        try {
          const parsed = JSON.parse(line) as StoredStreamRecord | { trimmedThrough: string };
          if ('trimmedThrough' in parsed) log.trimmedThrough = parsed.trimmedThrough;
          else log.records.push(parsed);
        } catch {
          // A torn last line from a crash mid-append: the record was never acknowledged durable.
        }
      }
    }
    log.fd = openSync(file, 'a');
    return log;
  }

  get length(): number {
    return this.records.length;
  }

  get last(): StoredStreamRecord | undefined {
    return this.records[this.records.length - 1];
  }

  get first(): StoredStreamRecord | undefined {
    return this.records[0];
  }

  append(record: StoredStreamRecord): void {
    this.records.push(record);
    if (this.fd !== undefined) {
      writeSync(this.fd, JSON.stringify(record) + '\n');
      this.dirty = true;
    }
  }

  /** Up to `limit` records with a sequence number greater than `after` ('' = from the oldest). */
  readAfter(after: string, limit: number): StoredStreamRecord[] {
    const start = this.indexAfter(after);
    return this.records.slice(start, start + limit);
  }

  /** Drops records appended before `cutoffMs`; rewrites the file when many are gone. */
  trim(cutoffMs: number): void {
    let drop = 0;
    while (drop < this.records.length && this.records[drop]!.appendedAtMs < cutoffMs) drop++;
    if (drop === 0) return;
    this.trimmedThrough = this.records[drop - 1]!.record.dynamodb.SequenceNumber;
    this.records = this.records.slice(drop);
    this.trimmedSinceRewrite += drop;
    if (this.trimmedSinceRewrite >= Math.max(1000, this.records.length)) this.rewrite();
  }

  flush(): void {
    if (!this.dirty || this.fd === undefined) return;
    this.dirty = false;
    fdatasyncSync(this.fd);
  }

  close(): void {
    if (this.fd === undefined) return;
    this.flush();
    closeSync(this.fd);
    this.fd = undefined;
  }

  /** Deletes the file (the stream is past its retention). */
  destroy(): void {
    this.close();
    rmSync(this.file, { force: true });
  }

  private rewrite(): void {
    const lines = [JSON.stringify({ trimmedThrough: this.trimmedThrough }), ...this.records.map((record) => JSON.stringify(record))];
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, lines.join('\n') + '\n');
    if (this.fd !== undefined) closeSync(this.fd);
    renameSync(temporary, this.file);
    this.fd = openSync(this.file, 'a');
    this.trimmedSinceRewrite = 0;
  }

  /** Index of the first record whose sequence number is greater than `after` (binary search). */
  private indexAfter(after: string): number {
    let low = 0;
    let high = this.records.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.records[middle]!.record.dynamodb.SequenceNumber <= after) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
