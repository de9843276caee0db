import { closeSync, fdatasync, fdatasyncSync, fstatSync, openSync, writeSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, truncate, writeFile, type FileHandle } from 'node:fs/promises';
import { promisify } from 'node:util';
import { join } from 'node:path';
import type { ReplicationLogger, ReplicationRecord, VersionVector } from '../types.js';
import { vectorFromJSON, vectorGet, vectorMerge, vectorToJSON } from '../vector/versionVector.js';
import { recordByteSize } from '../protocol/recordCodec.js';
import { encodeJournalEntry, hasSegmentHeader, readJournalEntry, SEGMENT_HEADER } from './entryCodec.js';

export type FsyncPolicy = 'always' | 'never';

export interface JournalOptions {
  dir: string;
  /** A segment is closed once it would grow past this many bytes. */
  segmentBytes?: number;
  /** Oldest segments are deleted while the journal is larger than this. */
  retainBytes?: number;
  /** Segments whose newest entry is older than this are deleted. */
  retainAgeMs?: number;
  /**
   * 'always': append() resolves after fdatasync of a write covering the entry (appends
   * that arrive while one sync runs share the next one: group commit). 'never': after
   * the write reaches the OS (survives kill -9, not power loss).
   */
  fsync?: FsyncPolicy;
  /**
   * Wait this long after the first queued append before writing, so more appends share
   * one write and one sync (default 0: appends that arrive during a sync already share
   * the next one). Adds up to this much latency to every append.
   */
  groupCommitMs?: number;
  /** Recent records kept decoded in memory so live sending never reads the disk. */
  cacheBytes?: number;
  clock?: () => number;
  logger?: ReplicationLogger;
}

interface IndexEntry {
  origin: string;
  fromSeq: number;
  toSeq: number;
  segment: number;
  offset: number;
  length: number;
  record?: ReplicationRecord;
  written: boolean;
}

interface SegmentInfo {
  id: number;
  bytes: number;
  newestAt: number;
}

/** An append already written to its segment, waiting for the sync that makes it durable. */
interface PendingWrite {
  entry?: IndexEntry;
  resolve: () => void;
  reject: (error: Error) => void;
}

export interface JournalReadResult {
  records: ReplicationRecord[];
  /** The journal no longer holds the record after `afterSeq`: the reader needs a state transfer. */
  gap: boolean;
}

const SEGMENT_SUFFIX = '.kjl';
const CHECKPOINT_FILE = 'vector.json';

const datasync = promisify(fdatasync);

const segmentFileName = (id: number): string => `${String(id).padStart(10, '0')}${SEGMENT_SUFFIX}`;

/**
 * Append-only, CRC-checked record journal: every record this node commits or applies.
 * In memory it holds only an index of the retained window (origin -> seq range ->
 * segment offset) and a bounded cache of recent records; catch-up reads stream from disk.
 */
export class Journal {
  /** origin -> highest seq journaled (or made complete by a state transfer). */
  readonly vector: VersionVector = new Map();
  /** What is on disk (written, or made complete by a state transfer): the only thing a checkpoint may claim. */
  private readonly durableVector: VersionVector = new Map();
  private readonly index = new Map<string, IndexEntry[]>();
  private readonly segments: SegmentInfo[] = [];
  private readonly cacheOrder: IndexEntry[] = [];
  private cachedBytes = 0;
  private queue: PendingWrite[] = [];
  private flushing: Promise<void> | undefined;
  /** The active segment, written synchronously by append() (see there why). */
  private writeFd: { segment: number; fd: number } | undefined;
  /** Descriptors of rotated-out segments (already synced), closed once no sync can be running on them. */
  private retiredFds: number[] = [];
  private readonly readHandles = new Map<number, FileHandle>();
  private closed = false;
  private failed: Error | undefined;
  private closing = false;
  private checkpointChain: Promise<void> = Promise.resolve();
  private readonly segmentBytes: number;
  private readonly retainBytes: number;
  private readonly retainAgeMs: number;
  private readonly fsync: FsyncPolicy;
  private readonly cacheBytes: number;
  private readonly clock: () => number;

  private constructor(private readonly options: JournalOptions) {
    this.segmentBytes = options.segmentBytes ?? 8 * 1024 * 1024;
    this.retainBytes = options.retainBytes ?? 256 * 1024 * 1024;
    this.retainAgeMs = options.retainAgeMs ?? 7 * 24 * 3600 * 1000;
    this.fsync = options.fsync ?? 'always';
    this.cacheBytes = options.cacheBytes ?? 8 * 1024 * 1024;
    this.clock = options.clock ?? Date.now;
  }

  static async open(options: JournalOptions): Promise<Journal> {
    const journal = new Journal(options);
    await mkdir(options.dir, { recursive: true });
    await journal.load();
    return journal;
  }

  /** Smallest seq of `origin` still readable; vector+1 when none is retained. */
  firstRetainedSeq(origin: string): number {
    const entries = this.index.get(origin);
    return entries && entries.length > 0 ? entries[0]!.fromSeq : vectorGet(this.vector, origin) + 1;
  }

  /**
   * Indexes the record at once (readable and reflected in `vector` when this returns)
   * and resolves when it is durable per the fsync policy. Records of one origin must
   * arrive in ascending, non-overlapping seq order.
   */
  append(record: ReplicationRecord): Promise<void> {
    if (this.closed) return Promise.reject(new Error('journal is closed'));
    if (this.failed) return Promise.reject(this.failed);
    const last = vectorGet(this.vector, record.origin);
    if (record.fromSeq <= last) {
      return Promise.reject(new Error(`journal: ${record.origin} ${record.fromSeq}..${record.toSeq} overlaps journaled seq ${last}`));
    }
    const bytes = encodeJournalEntry({ appendedAt: this.clock(), record });
    let active = this.segments[this.segments.length - 1]!;
    if (active.bytes > SEGMENT_HEADER.length && active.bytes + bytes.length > this.segmentBytes) {
      active = { id: active.id + 1, bytes: SEGMENT_HEADER.length, newestAt: this.clock() };
      this.segments.push(active);
    }
    // Written to the OS now, in the caller's synchronous run: the node's store appends the same
    // local write to its own log only after this run (its group commit), so a kill -9 can
    // never leave a write in the store that the journal lacks (peers would never receive it,
    // and every later update of that item would wait forever for it on their side). The
    // opposite case, journal ahead of the store, is repaired at start (replayOwnTail.ts).
    try {
      this.writeNow(active.id, bytes);
    } catch (error) {
      this.stop(error as Error);
      return Promise.reject(error as Error);
    }
    const entry: IndexEntry = {
      origin: record.origin, fromSeq: record.fromSeq, toSeq: record.toSeq, segment: active.id, offset: active.bytes,
      length: bytes.length, record, written: false,
    };
    active.bytes += bytes.length;
    active.newestAt = this.clock();
    this.vector.set(record.origin, record.toSeq);
    let list = this.index.get(record.origin);
    if (!list) this.index.set(record.origin, (list = []));
    list.push(entry);
    this.cacheOrder.push(entry);
    this.cachedBytes += recordByteSize(record);
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ entry, resolve, reject });
      void this.kick();
    });
  }

  /** Records a state transfer made `vector` complete without journaled records. */
  async advance(vector: VersionVector): Promise<void> {
    vectorMerge(this.durableVector, vector);
    if (vectorMerge(this.vector, vector)) await this.writeCheckpoint();
  }

  /** Records of `origin` after `afterSeq`, oldest first, up to about `maxBytes`. */
  async read(origin: string, afterSeq: number, maxBytes: number): Promise<JournalReadResult> {
    if (this.closed) return { records: [], gap: false };
    const list = this.index.get(origin) ?? [];
    let low = 0;
    let high = list.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (list[mid]!.toSeq <= afterSeq) low = mid + 1;
      else high = mid;
    }
    if (low === list.length) return { records: [], gap: vectorGet(this.vector, origin) > afterSeq };
    if (list[low]!.fromSeq > afterSeq + 1) return { records: [], gap: true };
    const records: ReplicationRecord[] = [];
    let bytes = 0;
    for (let i = low; i < list.length && (records.length === 0 || bytes < maxBytes); i++) {
      const entry = list[i]!;
      if (i > low && entry.fromSeq !== list[i - 1]!.toSeq + 1) break; // a hole left by a state transfer
      const record = entry.record ?? (await this.readFromDisk(entry));
      if (!record) return { records, gap: records.length === 0 };
      records.push(record);
      bytes += entry.length;
    }
    return { records, gap: false };
  }

  stats(): { segments: number; bytes: number; cachedBytes: number } {
    return { segments: this.segments.length, bytes: this.segments.reduce((sum, s) => sum + s.bytes, 0), cachedBytes: this.cachedBytes };
  }

  /** Waits for queued writes to be on disk. */
  async flush(): Promise<void> {
    while (this.flushing || this.queue.length > 0) await (this.flushing ?? this.kick());
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closing = true;
    await this.flush();
    this.closed = true;
    if (this.writeFd) closeSync(this.writeFd.fd);
    this.writeFd = undefined;
    this.closeRetiredFds();
    for (const handle of this.readHandles.values()) await handle.close();
    this.readHandles.clear();
  }

  private kick(): Promise<void> {
    if (!this.flushing) {
      const groupCommitMs = this.options.groupCommitMs ?? 0;
      const start = groupCommitMs > 0 && !this.closing
        ? new Promise<void>((resolve) => setTimeout(resolve, groupCommitMs)).then(() => this.drain())
        : this.drain();
      this.flushing = start.finally(() => {
        this.flushing = undefined;
        // An append that came in while drain() was finishing saw `flushing` still set.
        if (this.queue.length > 0) void this.kick();
      });
    }
    return this.flushing;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      try {
        if (this.failed) throw this.failed;
        // Earlier segments of this batch were synced when they were rotated out (fdFor).
        if (this.fsync === 'always' && this.writeFd) await datasync(this.writeFd.fd);
        for (const write of batch) {
          if (write.entry) {
            write.entry.written = true;
            if (write.entry.toSeq > vectorGet(this.durableVector, write.entry.origin)) this.durableVector.set(write.entry.origin, write.entry.toSeq);
          }
          write.resolve();
        }
      } catch (error) {
        for (const write of batch) write.reject(error as Error);
        this.stop(error as Error);
        return;
      } finally {
        this.closeRetiredFds();
      }
      this.evictCache();
      await this.applyRetention();
    }
  }

  /**
   * The index already points past bytes that may not be on disk: stop accepting appends rather
   * than journal around a hole (disk full, I/O error). Reopen to recover.
   */
  private stop(error: Error): void {
    if (!this.failed) this.options.logger?.error('journal write failed; journal stopped', { error: error.message });
    this.failed ??= error;
    for (const write of this.queue.splice(0)) write.reject(error);
  }

  private writeNow(segment: number, bytes: Buffer): void {
    if (this.failed) throw this.failed;
    const fd = this.fdFor(segment);
    for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset, bytes.length - offset);
  }

  private fdFor(segment: number): number {
    if (this.writeFd?.segment === segment) return this.writeFd.fd;
    if (this.writeFd) {
      // The closing segment's writes must be durable before the next one's are. A sync of
      // this descriptor may be running in drain(): it is closed only after that finishes.
      if (this.fsync === 'always') fdatasyncSync(this.writeFd.fd);
      this.retiredFds.push(this.writeFd.fd);
      this.writeFd = undefined;
    }
    const fd = openSync(join(this.options.dir, segmentFileName(segment)), 'a');
    if (fstatSync(fd).size === 0) writeSync(fd, SEGMENT_HEADER);
    this.writeFd = { segment, fd };
    return fd;
  }

  private closeRetiredFds(): void {
    if (this.flushing && this.queue.length > 0) return; // a later pass of drain() closes them
    for (const fd of this.retiredFds.splice(0)) closeSync(fd);
  }

  private evictCache(): void {
    while (this.cachedBytes > this.cacheBytes && this.cacheOrder.length > 0 && this.cacheOrder[0]!.written) {
      const entry = this.cacheOrder.shift()!;
      if (entry.record) this.cachedBytes -= recordByteSize(entry.record);
      entry.record = undefined;
    }
  }

  private async applyRetention(): Promise<void> {
    const now = this.clock();
    let total = this.segments.reduce((sum, s) => sum + s.bytes, 0);
    while (this.segments.length > 1) {
      const oldest = this.segments[0]!;
      if (total <= this.retainBytes && oldest.newestAt >= now - this.retainAgeMs) break;
      // Persist the vector first: after this, nothing on disk remembers these seqs.
      await this.writeCheckpoint();
      this.segments.shift();
      total -= oldest.bytes;
      for (const [origin, list] of this.index) {
        let drop = 0;
        while (drop < list.length && list[drop]!.segment === oldest.id) drop++;
        if (drop > 0) list.splice(0, drop);
        if (list.length === 0) this.index.delete(origin);
      }
      const readHandle = this.readHandles.get(oldest.id);
      this.readHandles.delete(oldest.id);
      await readHandle?.close();
      await rm(join(this.options.dir, segmentFileName(oldest.id)), { force: true });
      this.options.logger?.info('journal segment retired', { segment: oldest.id, bytes: oldest.bytes });
    }
  }

  private async readFromDisk(entry: IndexEntry): Promise<ReplicationRecord | undefined> {
    try {
      let handle = this.readHandles.get(entry.segment);
      if (!handle) {
        if (this.closed) return undefined;
        handle = await open(join(this.options.dir, segmentFileName(entry.segment)), 'r');
        this.readHandles.set(entry.segment, handle);
      }
      const buffer = Buffer.alloc(entry.length);
      await handle.read(buffer, 0, entry.length, entry.offset);
      const result = readJournalEntry(buffer, 0);
      if (result.status !== 'ok') throw new Error(result.status === 'corrupt' ? result.reason : 'short read');
      return result.entry.record;
    } catch (error) {
      // A segment retired while this read waited, or a damaged disk: the reader falls back to a state transfer.
      this.options.logger?.warn('journal read failed', { segment: entry.segment, error: (error as Error).message });
      return undefined;
    }
  }

  /** Checkpoints are written one at a time: two writers would race on the same temp file. */
  private writeCheckpoint(): Promise<void> {
    const next = this.checkpointChain.then(() => this.writeCheckpointNow());
    this.checkpointChain = next.catch(() => undefined);
    return next;
  }

  private async writeCheckpointNow(): Promise<void> {
    const path = join(this.options.dir, CHECKPOINT_FILE);
    const handle = await open(`${path}.tmp`, 'w');
    try {
      await handle.writeFile(JSON.stringify({ version: 1, vector: vectorToJSON(this.durableVector) }));
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await rename(`${path}.tmp`, path);
  }

  private async load(): Promise<void> {
    try {
      const json = JSON.parse(await readFile(join(this.options.dir, CHECKPOINT_FILE), 'utf8')) as { vector: Record<string, number> };
      vectorMerge(this.vector, vectorFromJSON(json.vector));
      vectorMerge(this.durableVector, this.vector);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const ids = (await readdir(this.options.dir))
      .filter((name) => name.endsWith(SEGMENT_SUFFIX))
      .map((name) => Number.parseInt(name, 10))
      .filter((id) => Number.isSafeInteger(id))
      .sort((a, b) => a - b);
    for (const [position, id] of ids.entries()) await this.loadSegment(id, position === ids.length - 1);
    vectorMerge(this.durableVector, this.vector);
    if (this.segments.length === 0) {
      const first = ids.length > 0 ? ids[ids.length - 1]! + 1 : 1;
      this.segments.push({ id: first, bytes: SEGMENT_HEADER.length, newestAt: this.clock() });
    }
  }

  /** Scans one segment (bounded by segmentBytes) into the index; cuts a torn tail off the last one. */
  private async loadSegment(id: number, isLast: boolean): Promise<void> {
    const path = join(this.options.dir, segmentFileName(id));
    const bytes = new Uint8Array(await readFile(path));
    if (!hasSegmentHeader(bytes)) {
      if (isLast && bytes.length < SEGMENT_HEADER.length) {
        await writeFile(path, SEGMENT_HEADER); // created, then killed before its header landed
        this.segments.push({ id, bytes: SEGMENT_HEADER.length, newestAt: this.clock() });
        return;
      }
      this.options.logger?.error('journal segment has no valid header; ignored', { segment: id });
      return;
    }
    let offset = SEGMENT_HEADER.length;
    let newestAt = 0;
    while (offset < bytes.length) {
      const result = readJournalEntry(bytes, offset);
      if (result.status !== 'ok') {
        const reason = result.status === 'corrupt' ? result.reason : 'truncated entry';
        if (isLast) {
          this.options.logger?.warn('journal tail torn; truncated', { segment: id, offset, dropped: bytes.length - offset, reason });
          await truncate(path, offset);
        } else {
          this.options.logger?.error('journal segment damaged; rest ignored', { segment: id, offset, reason });
        }
        break;
      }
      const { record, appendedAt } = result.entry;
      const list = this.index.get(record.origin) ?? [];
      const previous = list[list.length - 1];
      if (!previous || record.fromSeq > previous.toSeq) {
        list.push({ origin: record.origin, fromSeq: record.fromSeq, toSeq: record.toSeq, segment: id, offset, length: result.byteLength, written: true });
        this.index.set(record.origin, list);
        if (record.toSeq > vectorGet(this.vector, record.origin)) this.vector.set(record.origin, record.toSeq);
      }
      newestAt = Math.max(newestAt, appendedAt);
      offset += result.byteLength;
    }
    this.segments.push({ id, bytes: offset, newestAt: newestAt || this.clock() });
  }
}
