import { mkdir, open, readdir, readFile, rename, rm, truncate, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { FsyncPolicy } from '../types.js';
import { decodeLogRecord, encodeLogRecord, encodeSnapshotEnd, encodeSnapshotHeader } from './logRecordCodec.js';
import { logFileOf } from './logFile.js';
import { LogWriter } from './logWriter.js';
import type { LoadReport, LoadSink, LogRecord, PersistenceAdapter, SnapshotEntry, SnapshotIndexEntry, SnapshotSource } from './persistenceAdapter.js';
import { decodeSnapshotRecord, encodeSnapshotEntries, encodeSnapshotIndexEntries } from './snapshotCodec.js';
import { readFramedFile } from './snapshotReader.js';
import { checkFileHeader, FILE_HEADER_BYTES, fileHeader, frameRecord, readFrames } from './recordFraming.js';

const LOG_MAGIC = 'KHROLOG\u0000';
const SNAPSHOT_MAGIC = 'KHROSNP\u0000';
/** Items per snapshot record; also how many are written between yields to the event loop. */
const SNAPSHOT_CHUNK_ITEMS = 1000;

const logName = (seq: number): string => `log-${String(seq).padStart(8, '0')}.log`;
const snapshotName = (seq: number): string => `snapshot-${String(seq).padStart(8, '0')}.snap`;
const seqOf = (name: string, kind: 'log' | 'snapshot'): number | undefined => {
  const match = (kind === 'log' ? /^log-(\d{8})\.log$/ : /^snapshot-(\d{8})\.snap$/).exec(name);
  return match ? Number(match[1]) : undefined;
};

export interface FileAdapterOptions {
  dir: string;
  fsync: FsyncPolicy;
  groupCommitMs: number;
}

/**
 * Files in the data dir: numbered log segments (`log-N.log`, append-only) and at most one
 * complete snapshot (`snapshot-N.snap`, covering everything before log segment N). A snapshot
 * is written to a temp file, fsynced and renamed; then the segments it covers are deleted.
 * On load, a bad record at the end of the newest segment is a torn tail from a crash: it is
 * truncated. Anything else unreadable is damage, reported so the node takes a new clientID.
 */
export class FileAdapter implements PersistenceAdapter {
  private writer: LogWriter | undefined;
  private segment = 0;
  bytesSinceSnapshot = 0;

  constructor(private readonly options: FileAdapterOptions) {}

  async load(sink: LoadSink): Promise<LoadReport> {
    const { dir } = this.options;
    await mkdir(dir, { recursive: true });
    const names = await readdir(dir);
    // A snapshot a crash interrupted before its rename: never complete, never needed.
    for (const name of names) if (name.endsWith('.snap.tmp')) await rm(join(dir, name));
    const logs = names.flatMap((name) => seqOf(name, 'log') ?? []).sort((a, b) => a - b);
    const snapshots = names.flatMap((name) => seqOf(name, 'snapshot') ?? []).sort((a, b) => b - a);
    const report: LoadReport = { damaged: false, notes: [], hadData: logs.length > 0 || snapshots.length > 0 };

    let replayFrom = 0;
    for (const seq of snapshots) {
      const problem = await this.loadSnapshot(join(dir, snapshotName(seq)), sink);
      if (problem === undefined) {
        replayFrom = seq;
        break;
      }
      report.damaged = true;
      report.notes.push(`${snapshotName(seq)} is unreadable (${problem}); its data is lost`);
    }
    const tail = logs.filter((seq) => seq >= replayFrom);
    let removedLast = false;
    if (snapshots.length > 0 && replayFrom === 0) {
      report.notes.push('no readable snapshot: replaying the remaining log segments only');
    }
    for (let i = 0; i < tail.length; i++) {
      const seq = tail[i]!;
      if (i > 0 && seq !== tail[i - 1]! + 1) {
        report.damaged = true;
        report.notes.push(`log segments ${tail[i - 1]! + 1}..${seq - 1} are missing`);
      }
      const path = join(dir, logName(seq));
      const data = await readFile(path);
      const headerProblem = checkFileHeader(data, LOG_MAGIC);
      const isLast = i === tail.length - 1;
      if (headerProblem !== undefined) {
        // A crash right after creating the newest segment can leave its header partly written.
        if (isLast && data.length < FILE_HEADER_BYTES) {
          report.notes.push(`${logName(seq)}: torn header, segment removed`);
          await rm(path);
          removedLast = true;
          continue;
        }
        report.damaged = true;
        report.notes.push(`${logName(seq)}: ${headerProblem}`);
        continue;
      }
      const scan = readFrames(data, FILE_HEADER_BYTES);
      for (const payload of scan.payloads) sink.record(decodeLogRecord(payload));
      if (scan.problem !== undefined) {
        if (isLast) {
          report.notes.push(`${logName(seq)}: torn tail (${scan.problem}) of ${data.length - scan.goodEnd} bytes truncated`);
          await truncate(path, scan.goodEnd);
        } else {
          report.damaged = true;
          report.notes.push(`${logName(seq)}: ${scan.problem} at offset ${scan.goodEnd}; the rest of the segment is lost`);
        }
      }
    }
    // Append to a fresh segment: never write after bytes a crash may have left behind.
    // (A removed torn segment's number is reused, so segment numbers stay without gaps.)
    this.segment = Math.max(replayFrom, (logs.at(-1) ?? 0) + (removedLast ? 0 : 1), 1);
    this.writer = new LogWriter(logFileOf(await this.createSegment(this.segment)), this.options.fsync, this.options.groupCommitMs);
    return report;
  }

  append(record: LogRecord): Promise<void> {
    if (this.writer === undefined) throw new Error('FileAdapter.append before load');
    const frame = frameRecord(encodeLogRecord(record));
    this.bytesSinceSnapshot += frame.length;
    return this.writer.append(frame);
  }

  async snapshot(cut: () => SnapshotSource): Promise<void> {
    if (this.writer === undefined) throw new Error('FileAdapter.snapshot before load');
    const { dir } = this.options;
    const seq = this.segment + 1;
    await this.writer.rotate(logFileOf(await this.createSegment(seq)));
    this.segment = seq;
    this.bytesSinceSnapshot = 0;
    const source = cut();

    const temp = join(dir, `${snapshotName(seq)}.tmp`);
    const file = await open(temp, 'w');
    try {
      await file.write(fileHeader(SNAPSHOT_MAGIC));
      await file.write(frameRecord(encodeSnapshotHeader(source.tables)));
      let count = 0;
      // A chunk holds items of one table, or entries of one index.
      let chunk: Array<SnapshotEntry | SnapshotIndexEntry> = [];
      let chunkOf = '';
      const frames: Uint8Array[] = [];
      const writeChunk = (): void => {
        const first = chunk[0];
        if (first !== undefined) {
          const payload =
            'index' in first
              ? encodeSnapshotIndexEntries(first.tableId, first.index, chunk as SnapshotIndexEntry[])
              : encodeSnapshotEntries(first.tableId, chunk as SnapshotEntry[]);
          frames.push(frameRecord(payload));
        }
        chunk = [];
      };
      for (const item of source.items()) {
        const of = 'index' in item ? `${item.tableId}\u0000${item.index}` : item.tableId;
        if (chunk.length >= SNAPSHOT_CHUNK_ITEMS || (chunk.length > 0 && chunkOf !== of)) writeChunk();
        chunkOf = of;
        chunk.push(item);
        if (!('index' in item)) count++;
        if (frames.length >= 8) await file.writev(frames.splice(0));
      }
      writeChunk();
      frames.push(frameRecord(encodeSnapshotEnd(count)));
      await file.writev(frames);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, join(dir, snapshotName(seq)));
    await syncDirectory(dir);
    for (const name of await readdir(dir)) {
      const logSeq = seqOf(name, 'log');
      const snapSeq = seqOf(name, 'snapshot');
      if ((logSeq !== undefined && logSeq < seq) || (snapSeq !== undefined && snapSeq < seq)) await rm(join(dir, name));
    }
  }

  async close(): Promise<void> {
    await this.writer?.close();
    this.writer = undefined;
  }

  private async createSegment(seq: number): Promise<FileHandle> {
    const file = await open(join(this.options.dir, logName(seq)), 'a');
    // An emptied torn segment gets its header again; an existing good one keeps it.
    if ((await file.stat()).size === 0) {
      await file.write(fileHeader(LOG_MAGIC));
      await file.sync();
      await syncDirectory(this.options.dir);
    }
    return file;
  }

  /**
   * Streams the snapshot to the sink record by record (a few MiB read at a time, each record's
   * CRC checked first), so a restart's peak memory is the store plus one read buffer, not the
   * whole file and every decoded item on top (a 1M-item restart peaked ~900 MiB above the
   * loaded store). The rules stay those of a whole-file check: a snapshot that turns out
   * damaged or incomplete part-way is reset out of the sink and reported.
   */
  private async loadSnapshot(path: string, sink: LoadSink): Promise<string | undefined> {
    // An object, not a `let`: TypeScript does not follow assignments made inside the callback.
    const at: { stage: 'header' | 'items' | 'end' } = { stage: 'header' };
    let count = 0;
    let recorded = -1;
    let problem: string | undefined;
    try {
      problem = await readFramedFile(path, SNAPSHOT_MAGIC, (payload) => {
        const part = decodeSnapshotRecord(payload);
        if (at.stage === 'header') {
          if (part.kind !== 'header') throw new Error('snapshot does not start with its header');
          for (const table of part.tables) sink.table(table);
          at.stage = 'items';
        } else if (at.stage === 'end') {
          throw new Error('records after the end of the snapshot');
        } else if (part.kind === 'items') {
          for (const item of part.items) sink.item(item);
          count += part.items.length;
        } else if (part.kind === 'index') {
          for (const entry of part.entries) sink.indexEntry(entry);
        } else if (part.kind === 'end') {
          recorded = part.itemCount;
          at.stage = 'end';
        } else {
          throw new Error('a second snapshot header');
        }
      });
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    }
    if (problem === undefined && at.stage !== 'end') problem = 'incomplete snapshot';
    if (problem === undefined && count !== recorded) problem = `item count ${count} does not match the recorded ${recorded}`;
    if (problem !== undefined && at.stage !== 'header') sink.reset();
    if (problem === undefined) sink.snapshotLoaded();
    return problem;
  }
}

/** Makes a created, renamed or deleted file's directory entry durable. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
