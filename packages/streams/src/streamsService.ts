import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CommittedWrite, Store, TableRecord } from '@kuhiro/crdt-store';
import { buildRecord } from './buildRecord.js';
import { SequenceNumbers } from './sequenceNumbers.js';
import { StreamCatalog } from './streamCatalog.js';
import { StreamLog } from './streamLog.js';
import type { StoredStreamRecord, StreamInfo, StreamViewType } from './streamTypes.js';

/** AWS keeps stream records (and a disabled stream) for 24 hours. */
export const RETENTION_MS = 24 * 60 * 60 * 1000;
/** How often appended records are fdatasync'ed, and how often retention is enforced. */
const FLUSH_EVERY_MS = 20;
const TRIM_EVERY_MS = 60_000;

export interface StreamsServiceOptions {
  /** Folder for streams.json and one records file per stream; created if missing. */
  dataDir: string;
  region: string;
  now?: () => number;
  /** True while the TTL sweeper's own delete runs (its records carry the service identity). */
  isTtlDelete?: () => boolean;
  log?: (msg: string, meta?: object) => void;
}

/** The store as the streams service needs it: onCommit is NodeStore's. */
export type CommitSource = Pick<Store, 'getTable' | 'listTables'> & {
  onCommit(listener: (write: CommittedWrite) => void): () => void;
};

interface TableStreamMeta {
  StreamSpecification?: { StreamEnabled: boolean; StreamViewType?: string };
  LatestStreamArn?: string;
  LatestStreamLabel?: string;
  KeySchema: StreamInfo['keySchema'];
}

/**
 * DynamoDB Streams of one node: turns every committed write of the store (local and replicated)
 * into stream records of the table's current stream, keeps them 24 h on disk, and serves them
 * to the Streams API and to Lambda's event source mappings. One shard per stream.
 */
export class StreamsService {
  readonly region: string;
  readonly now: () => number;
  private readonly catalog: StreamCatalog;
  private readonly logs = new Map<string, StreamLog>();
  private readonly sequence: SequenceNumbers;
  private readonly appendListeners = new Set<(streamArn: string) => void>();
  /** Per table id, the stream settings last synced: a table whose stream did not change is not re-examined. */
  private readonly syncedStreams = new Map<string, string>();
  private readonly unsubscribe: () => void;
  private readonly timers: NodeJS.Timeout[] = [];
  private closed = false;

  constructor(
    private readonly store: CommitSource,
    private readonly options: StreamsServiceOptions,
  ) {
    this.region = options.region;
    this.now = options.now ?? Date.now;
    mkdirSync(options.dataDir, { recursive: true });
    this.sequence = new SequenceNumbers(this.now);
    this.catalog = new StreamCatalog(join(options.dataDir, 'streams.json'));
    for (const info of this.catalog.all()) {
      this.sequence.observe(info.startingSequenceNumber);
      const log = StreamLog.open(this.fileOf(info.streamArn));
      if (log.last) this.sequence.observe(log.last.record.dynamodb.SequenceNumber);
      this.logs.set(info.streamArn, log);
    }
    this.enforceRetention();
    this.unsubscribe = store.onCommit((write) => this.capture(write));
    this.timers.push(setInterval(() => this.flush(), FLUSH_EVERY_MS), setInterval(() => this.enforceRetention(), TRIM_EVERY_MS));
    for (const timer of this.timers) timer.unref();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    for (const timer of this.timers) clearInterval(timer);
    for (const log of this.logs.values()) log.close();
  }

  // ---- what the API and the triggers read ----

  /** Streams of a tenant (after syncing its tables), oldest first. */
  streamsOf(tenant: string): StreamInfo[] {
    this.syncTenant(tenant);
    return this.catalog.all().filter((info) => info.tenant === tenant).sort((a, b) => a.createdAtMs - b.createdAtMs || (a.streamArn < b.streamArn ? -1 : 1));
  }

  /** The stream if it belongs to the tenant (undefined also for another tenant's stream). */
  findStream(tenant: string, streamArn: string): StreamInfo | undefined {
    let info = this.catalog.get(streamArn);
    if (info === undefined) {
      this.syncTenant(tenant);
      info = this.catalog.get(streamArn);
    } else this.syncTableOf(info);
    return info?.tenant === tenant ? this.catalog.get(streamArn) : undefined;
  }

  status(info: StreamInfo): 'ENABLED' | 'DISABLED' {
    return info.disabledAtMs === undefined ? 'ENABLED' : 'DISABLED';
  }

  /** Records after `after` ('' = from the oldest kept), at most `limit`. */
  readAfter(streamArn: string, after: string, limit: number): StoredStreamRecord[] {
    return this.logs.get(streamArn)?.readAfter(after, limit) ?? [];
  }

  /** The sequence number of the newest record, or the stream's starting number when it has none. */
  lastSequenceNumber(streamArn: string): string | undefined {
    const info = this.catalog.get(streamArn);
    if (!info) return undefined;
    const log = this.logs.get(streamArn);
    const last = log?.last?.record.dynamodb.SequenceNumber;
    if (last !== undefined) return last;
    // Everything trimmed: the newest record was the last one trimmed.
    const trimmed = log?.trimmedThrough ?? '';
    return trimmed > info.startingSequenceNumber ? trimmed : info.startingSequenceNumber;
  }

  /** The oldest kept record's sequence number, if any. */
  firstSequenceNumber(streamArn: string): string | undefined {
    return this.logs.get(streamArn)?.first?.record.dynamodb.SequenceNumber;
  }

  /** The highest trimmed sequence number ('' if nothing was trimmed). */
  trimmedThrough(streamArn: string): string {
    return this.logs.get(streamArn)?.trimmedThrough ?? '';
  }

  /** Called (synchronously, after the append) for every record appended to any stream. */
  onAppend(listener: (streamArn: string) => void): () => void {
    this.appendListeners.add(listener);
    return () => this.appendListeners.delete(listener);
  }

  /** fdatasync every stream file that has unsynced appends. */
  flush(): void {
    for (const log of this.logs.values()) {
      try {
        log.flush();
      } catch (error) {
        this.options.log?.('stream flush failed', { error: String(error) });
      }
    }
  }

  /** Drops records older than 24 h and streams disabled more than 24 h ago. */
  enforceRetention(nowMs: number = this.now()): void {
    const cutoff = nowMs - RETENTION_MS;
    for (const info of this.catalog.all()) {
      const log = this.logs.get(info.streamArn);
      if (info.disabledAtMs !== undefined && info.disabledAtMs < cutoff) {
        log?.destroy();
        this.logs.delete(info.streamArn);
        this.catalog.remove(info.streamArn);
        continue;
      }
      log?.trim(cutoff);
    }
  }

  // ---- capture ----

  private capture(write: CommittedWrite): void {
    const byTtl = write.origin === 'local' && (this.options.isTtlDelete?.() ?? false);
    const nowMs = this.now();
    const touched = new Set<string>();
    for (const item of write.items) {
      const table = this.store.getTable(item.tenant, item.tableName);
      if (!table || table.id !== item.tableId) continue;
      const info = this.syncTable(table);
      if (!info) continue;
      const record = buildRecord(item, {
        region: this.region,
        viewType: info.viewType,
        sequenceNumber: () => this.sequence.next(),
        nowMs,
        byTtl,
      });
      if (!record) continue;
      this.logs.get(info.streamArn)!.append({ origin: write.origin, appendedAtMs: nowMs, record });
      touched.add(info.streamArn);
    }
    for (const streamArn of touched) {
      for (const listener of this.appendListeners) {
        try {
          listener(streamArn);
        } catch (error) {
          this.options.log?.('stream append listener failed', { error: String(error) });
        }
      }
    }
  }

  // ---- lifecycle: streams follow the tables' StreamSpecification ----

  private syncTenant(tenant: string): void {
    for (const name of this.store.listTables(tenant)) {
      const table = this.store.getTable(tenant, name);
      if (table) this.syncTable(table);
    }
    // Streams of deleted tables are disabled (and stay readable for 24 h).
    for (const info of this.catalog.all()) if (info.tenant === tenant) this.syncTableOf(info);
  }

  private syncTableOf(info: StreamInfo): void {
    if (info.disabledAtMs !== undefined) return;
    const table = this.store.getTable(info.tenant, info.tableName);
    if (table && table.id === info.tableId) this.syncTable(table);
    else this.disable(info);
  }

  /** Registers the table's enabled stream if new and disables its older ones; returns the enabled stream. */
  private syncTable(table: TableRecord): StreamInfo | undefined {
    const meta = table.description as unknown as TableStreamMeta;
    const enabledArn = meta.StreamSpecification?.StreamEnabled ? meta.LatestStreamArn : undefined;
    const signature = `${enabledArn ?? ''}|${meta.LatestStreamArn ?? ''}`;
    if (this.syncedStreams.get(table.id) === signature) return enabledArn ? this.catalog.get(enabledArn) : undefined;
    this.syncedStreams.set(table.id, signature);
    for (const info of this.catalog.ofTable(table.tenant, table.name)) {
      if (info.streamArn !== enabledArn || info.tableId !== table.id) this.disable(info);
    }
    // A stream enabled and disabled again before this node looked is still AWS's: it exists, DISABLED.
    const latestArn = meta.LatestStreamArn;
    if (latestArn === undefined) return undefined;
    const known = this.catalog.get(latestArn);
    if (known) return enabledArn ? known : undefined;
    const createdAtMs = this.now();
    const info: StreamInfo = {
      streamArn: latestArn,
      streamLabel: meta.LatestStreamLabel ?? latestArn.slice(latestArn.lastIndexOf('/') + 1),
      tenant: table.tenant,
      tableName: table.name,
      tableId: table.id,
      keySchema: meta.KeySchema,
      viewType: (meta.StreamSpecification?.StreamViewType ?? 'KEYS_ONLY') as StreamViewType,
      createdAtMs,
      shardId: shardIdOf(latestArn, createdAtMs),
      startingSequenceNumber: this.sequence.next(),
      ...(enabledArn ? {} : { disabledAtMs: createdAtMs }),
    };
    this.logs.set(latestArn, StreamLog.open(this.fileOf(latestArn)));
    this.catalog.put(info);
    return enabledArn ? info : undefined;
  }

  private disable(info: StreamInfo): void {
    if (info.disabledAtMs !== undefined) return;
    this.catalog.put({ ...info, disabledAtMs: this.now() });
  }

  private fileOf(streamArn: string): string {
    return join(this.options.dataDir, `${createHash('sha256').update(streamArn).digest('hex').slice(0, 24)}.jsonl`);
  }
}

/** AWS-shaped: `shardId-<20-digit creation time>-<8 hex>`. */
function shardIdOf(streamArn: string, createdAtMs: number): string {
  const suffix = createHash('sha256').update(streamArn).digest('hex').slice(0, 8);
  return `shardId-${String(createdAtMs).padStart(20, '0')}-${suffix}`;
}
