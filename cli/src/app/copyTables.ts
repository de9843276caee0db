import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { putItems } from './batchWriter.js';
import { CheckpointWriter, readCheckpoint, type CopyCheckpoint, type SegmentProgress } from './copyCheckpoint.js';
import { digestTable, scanPage, SCAN_SEGMENTS } from './parallelScan.js';
import { pruneExtraItems } from './pruneExtraItems.js';
import type { ProgressSink } from './progressBar.js';

export interface CopyOptions {
  source: DynamoDBClient;
  target: DynamoDBClient;
  /** Names that identify the two sides in the checkpoint (a checkpoint of another copy is ignored). */
  sourceName: string;
  targetName: string;
  tables: string[];
  checkpointPath: string;
  progress: ProgressSink;
  /** One summary line per table (stdout in the CLI). */
  out: (line: string) => void;
  /** Scan page size; the default lets DynamoDB fill 1 MB pages. */
  pageSize?: number;
  /** Stops between pages (the checkpoint then holds everything written so far). */
  signal?: AbortSignal;
}

export interface TableCopyResult {
  table: string;
  copied: number;
  resumed: boolean;
  /** Items on the target that the source did not have, deleted. */
  pruned: number;
  source: { count: number; checksum: string };
  target: { count: number; checksum: string };
  verified: boolean;
}

export class CopyInterrupted extends Error {
  constructor(readonly checkpointPath: string) {
    super(`copy interrupted; run the same command again to resume from ${checkpointPath}`);
    this.name = 'CopyInterrupted';
  }
}

function freshSegments(): SegmentProgress[] {
  return Array.from({ length: SCAN_SEGMENTS }, () => ({ done: false, copied: 0 }));
}

async function loadOrStart(options: CopyOptions): Promise<{ checkpoint: CopyCheckpoint; resumed: Set<string> }> {
  const previous = await readCheckpoint(options.checkpointPath);
  const matches = previous && previous.source === options.sourceName && previous.target === options.targetName && previous.totalSegments === SCAN_SEGMENTS;
  const checkpoint: CopyCheckpoint = { version: 1, source: options.sourceName, target: options.targetName, totalSegments: SCAN_SEGMENTS, tables: {} };
  const resumed = new Set<string>();
  for (const table of options.tables) {
    const earlier = matches ? previous.tables[table] : undefined;
    checkpoint.tables[table] = earlier ?? freshSegments();
    if (earlier?.some((segment) => segment.copied > 0 || segment.done)) resumed.add(table);
  }
  return { checkpoint, resumed };
}

async function copySegment(options: CopyOptions, table: string, segment: number, progress: SegmentProgress, writer: CheckpointWriter): Promise<void> {
  // The next page is read while this one is written, so source and target work at once.
  let nextPage = progress.done ? undefined : scanPage(options.source, table, segment, SCAN_SEGMENTS, progress.lastKey, options.pageSize);
  while (!progress.done && nextPage) {
    if (options.signal?.aborted) {
      nextPage.catch(() => {});
      throw new CopyInterrupted(options.checkpointPath);
    }
    const page = await nextPage;
    nextPage = page.lastKey ? scanPage(options.source, table, segment, SCAN_SEGMENTS, page.lastKey, options.pageSize) : undefined;
    try {
      await putItems(options.target, table, page.items);
    } catch (err) {
      nextPage?.catch(() => {});
      throw err;
    }
    // Only after the whole page is on the target does the checkpoint move past it: a resumed
    // copy may write a page twice (a put is idempotent) but never skips one.
    progress.copied += page.items.length;
    progress.done = page.lastKey === undefined;
    if (page.lastKey) progress.lastKey = page.lastKey;
    else delete progress.lastKey;
    options.progress.increment(page.items.length);
    await writer.save();
  }
}

/**
 * Copies tables from source to target: a parallel Scan of 4 segments, each reading its next page
 * while it writes the current one with BatchWriteItem of 25 (4 batches in flight per segment),
 * a checkpoint after every page (resumable), then count + checksum of both sides.
 */
export async function copyTables(options: CopyOptions): Promise<TableCopyResult[]> {
  const { checkpoint, resumed } = await loadOrStart(options);
  const writer = new CheckpointWriter(options.checkpointPath, checkpoint);
  await writer.save();
  const results: TableCopyResult[] = [];
  for (const table of options.tables) {
    const segments = checkpoint.tables[table]!;
    const before = segments.reduce((sum, s) => sum + s.copied, 0);
    const started = Date.now();
    const total = (await options.source.send(new DescribeTableCommand({ TableName: table }))).Table?.ItemCount ?? 0;
    options.progress.start(table, total);
    options.progress.increment(before);
    try {
      // Every segment finishes its page (and its checkpoint save) before an error or an
      // interruption is reported, so the checkpoint on disk is the last word.
      const outcomes = await Promise.allSettled(segments.map((progress, segment) => copySegment(options, table, segment, progress, writer)));
      const failure = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
      if (failure) throw failure.reason;
    } finally {
      options.progress.stop();
    }
    const copied = segments.reduce((sum, s) => sum + s.copied, 0);
    const seconds = (Date.now() - started) / 1000;
    const verifyStarted = Date.now();
    let [source, target] = await Promise.all([digestTable(options.source, table), digestTable(options.target, table)]);
    let pruned = 0;
    if (target.count > source.count) {
      pruned = await pruneExtraItems(options.source, options.target, table);
      target = await digestTable(options.target, table);
    }
    const verified = source.count === target.count && source.checksum === target.checksum;
    const verifySeconds = (Date.now() - verifyStarted) / 1000;
    options.out(
      `  ${table}: ${copied - before} items copied in ${seconds.toFixed(1)} s (${Math.round((copied - before) / Math.max(seconds, 0.001))} items/s)` +
        `${resumed.has(table) ? `, resumed after ${before} already copied` : ''}` +
        `${pruned ? `, ${pruned} items the source no longer has deleted` : ''}; ` +
        `source ${source.count} items, target ${target.count} items, checksums ${verified ? 'match' : `differ (${source.checksum} vs ${target.checksum})`} (verified in ${verifySeconds.toFixed(1)} s)`,
    );
    results.push({
      table, copied: copied - before, resumed: resumed.has(table), pruned,
      source: { count: source.count, checksum: source.checksum }, target: { count: target.count, checksum: target.checksum }, verified,
    });
  }
  await writer.remove();
  return results;
}
