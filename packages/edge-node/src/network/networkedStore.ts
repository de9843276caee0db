import type { Item } from '@kuhiro/expressions';
import type {
  CommittedWrite,
  NodeStore,
  QueryOptions,
  RemoteUpdate,
  ScanOptions,
  Store,
  StoredItem,
  TableRecord,
  TableStats,
  WriteOp,
  WriteResult,
} from '@kuhiro/crdt-store';
import type { RecordEntry, ReplicationHost, ReplicationRecord, Replicator, StateFilter } from '@kuhiro/replication';
import { CATALOG_TABLE, decodeCatalogEntry, encodeCatalogEntry, stampOf, withStamp, type CatalogChange } from './catalogEntry.js';
import type { CatalogLedger } from './catalogLedger.js';
import { FunctionReplication } from './functionReplication.js';
import { HybridClock } from './hybridClock.js';
import { DEAD_TABLES, exportNodeState } from './stateExport.js';
import { decodeItemKey, encodeItemKey } from './itemKeyCodec.js';
import { tableScope } from './tableScope.js';

/** Thrown to make the sender resend later: the table an update belongs to has not arrived yet. */
export class TableNotYetReplicatedError extends Error {
  override name = 'TableNotYetReplicatedError';
}

export interface NetworkedStoreOptions {
  nodeName: string;
  ledger: CatalogLedger;
  now?: () => number;
  log?: (message: string, fields?: Record<string, unknown>) => void;
  /** Lambda functions' control plane (`:functions` / `:code` entries); without it they are dropped. */
  functions?: FunctionReplication;
}

type Publisher = Pick<Replicator, 'publish'>;

/**
 * The store as the DynamoDB API sees it on a node that belongs to a network. Reads go
 * straight to the node's store. Every local commit is published, synchronously in commit
 * order, as one replication record (a transaction stays one unit), and a write's `durable`
 * resolves only when both the store's log and the replication journal hold it, so an
 * acknowledged write survives a crash of this PoP *and* reaches the others. Catalog
 * changes (create/update/delete table) are records too, stamped for last-writer-wins.
 * It is also the replicator's host: remote records are applied here.
 */
export class NetworkedStore implements Store {
  private publisher: Publisher | undefined;
  /** The last publish: a write that changed nothing still waits for what it observed. */
  private lastPublish: Promise<unknown> = Promise.resolve();
  private readonly clock: HybridClock;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly inner: NodeStore,
    private readonly options: NetworkedStoreOptions,
  ) {
    this.clock = new HybridClock(options.nodeName, options.now);
    this.unsubscribe = inner.onCommit((write) => this.publishCommit(write));
  }

  /** Starts publishing; called once the replicator (which needs this store as its host) exists. */
  connect(publisher: Publisher): void {
    this.publisher = publisher;
  }

  // ---- catalog: local changes are stamped and published before anything can write to them ----

  createTable(record: TableRecord): Promise<void> {
    if (this.inner.getTable(record.tenant, record.name)) return this.inner.createTable(record); // rejects: exists
    const stamp = this.clock.next();
    const stamped = withStamp(record, stamp);
    // NodeStore adds the table synchronously; publishing right after (no await in between)
    // puts the catalog record ahead of any write to the new table in this origin's sequence.
    const created = this.inner.createTable(stamped);
    const published = this.publish([encodeCatalogEntry({ op: 'put', tenant: record.tenant, name: record.name, stamp, record: stamped })]);
    return Promise.all([created, published]).then(() => undefined);
  }

  getTable(tenant: string, name: string): TableRecord | undefined {
    return this.inner.getTable(tenant, name);
  }

  listTables(tenant: string): string[] {
    return this.inner.listTables(tenant);
  }

  listAllTables(): TableRecord[] {
    return this.inner.listAllTables();
  }

  updateTable(record: TableRecord): Promise<void> {
    const current = this.inner.getTable(record.tenant, record.name);
    if (!current || current.id !== record.id) return this.inner.updateTable(record); // rejects: not found
    const stamp = this.clock.next();
    const stamped = withStamp(record, stamp);
    const updated = this.inner.updateTable(stamped);
    const published = this.publish([encodeCatalogEntry({ op: 'put', tenant: record.tenant, name: record.name, stamp, record: stamped })]);
    return Promise.all([updated, published]).then(() => undefined);
  }

  deleteTable(tenant: string, name: string): Promise<void> {
    const current = this.inner.getTable(tenant, name);
    if (!current) return this.inner.deleteTable(tenant, name); // rejects: not found
    const stamp = this.clock.next();
    this.options.ledger.recordDelete(tenant, name, stamp, current.id);
    const deleted = this.inner.deleteTable(tenant, name);
    const published = this.publish([encodeCatalogEntry({ op: 'delete', tenant, name, stamp })]);
    return Promise.all([deleted, published]).then(() => undefined);
  }

  // ---- items ----

  getItem(table: TableRecord, key: Item): Item | undefined {
    return this.inner.getItem(table, key);
  }

  write(ops: WriteOp[]): WriteResult {
    const result = this.inner.write(ops); // publishes from the onCommit listener, synchronously
    const published = this.lastPublish;
    return { changes: result.changes, durable: Promise.all([result.durable, published]).then(() => undefined) };
  }

  query(table: TableRecord, options: QueryOptions): Iterable<Item> {
    return this.inner.query(table, options);
  }

  scan(table: TableRecord, options: ScanOptions): Iterable<Item> {
    return this.inner.scan(table, options);
  }

  getStoredItem(table: TableRecord, key: Item): StoredItem | undefined {
    return this.inner.getStoredItem(table, key);
  }

  queryStored(table: TableRecord, options: QueryOptions): Iterable<StoredItem> {
    return this.inner.queryStored(table, options);
  }

  scanStored(table: TableRecord, options: ScanOptions): Iterable<StoredItem> {
    return this.inner.scanStored(table, options);
  }

  tableStats(table: TableRecord): TableStats {
    return this.inner.tableStats(table);
  }

  async close(): Promise<void> {
    this.unsubscribe();
    await this.lastPublish.catch(() => undefined);
  }

  // ---- replication host ----

  host(): ReplicationHost {
    return {
      applyRecords: (records) => this.applyRecords(records),
      applyRecordsStaged: (records) => this.applyRecordsStaged(records),
      exportState: (filter) => this.exportState(filter),
      importState: (entries) => this.importState(entries),
    };
  }

  /** Everything a peer beyond the retained journal needs (stateExport.ts), produced lazily. */
  exportState(filter: StateFilter): AsyncGenerator<RecordEntry> {
    return exportNodeState({ store: this.inner, ledger: this.options.ledger, functions: this.options.functions }, filter);
  }

  /**
   * One frame of a peer's state transfer, in the peer's order (catalog, control plane, items).
   * Everything in it merges by the rules live records follow (stamps, Yjs), so a transfer that
   * races with live records, or is re-sent after a cut connection, converges all the same.
   */
  async importState(entries: RecordEntry[]): Promise<void> {
    await this.applyRecords([{ origin: '', fromSeq: 0, toSeq: 0, entries: entries.filter((entry) => entry.table !== DEAD_TABLES) }]);
    const dead = entries.filter((entry) => entry.table === DEAD_TABLES);
    if (dead.length === 0) return;
    // Applied after the catalog entries (a superseded table here is replaced by them first);
    // an id still live here lost no LWW round here, so its items are kept.
    const live = new Set(this.inner.listAllTables().map((table) => table.id));
    for (const entry of dead) if (!live.has(entry.key)) this.options.ledger.recordDead(entry.key);
  }

  /** Remote records, each applied atomically and durably (the replicator acks after this). */
  async applyRecords(records: ReplicationRecord[], options: { own?: boolean } = {}): Promise<void> {
    await this.applyRecordsStaged(records, options).durable;
  }

  /**
   * The same in two stages: `applied` once every record is applied (item updates are readable at
   * once; catalog and function changes are awaited, durably, as they come), `durable` once the
   * store's log holds the item updates too. The replicator applies the next frame after `applied`,
   * so a remote write becomes visible without waiting for the previous frame's log sync.
   */
  applyRecordsStaged(records: ReplicationRecord[], options: { own?: boolean } = {}): { applied: Promise<void>; durable: Promise<void> } {
    const syncs: Array<Promise<void>> = [];
    const applied = (async () => {
      for (const record of records) {
        const catalog = record.entries.filter((entry) => entry.table === CATALOG_TABLE);
        for (const entry of catalog) await this.applyCatalogChange(decodeCatalogEntry(entry));
        const functionEntries = record.entries.filter((entry) => FunctionReplication.owns(entry.table));
        if (functionEntries.length > 0) await this.options.functions?.applyEntries(functionEntries, { own: options.own ?? false });
        const updates = this.remoteUpdates(record.entries.filter((entry) => entry.table !== CATALOG_TABLE && !FunctionReplication.owns(entry.table)), options.own ?? false);
        if (updates.length > 0) {
          const sync = this.inner.applyRemote(updates).durable;
          sync.catch(() => undefined); // awaited through `durable`
          syncs.push(sync);
        }
      }
    })();
    // The store's log syncs in append order: the last record's sync covers the earlier ones,
    // but each is awaited so that any failure surfaces.
    const durable = applied.then(() => Promise.all(syncs)).then(() => undefined);
    return { applied, durable };
  }

  private remoteUpdates(entries: RecordEntry[], own: boolean): RemoteUpdate[] {
    const updates: RemoteUpdate[] = [];
    for (const entry of entries) {
      const { tableId, key } = decodeItemKey(entry.key);
      const table = this.inner.getTable(entry.tenant, entry.table);
      if (table?.id === tableId) {
        updates.push({ tenant: entry.tenant, tableName: entry.table, key, update: entry.update });
      } else if (!own && !this.options.ledger.isDead(tableId)) {
        // The table's creation is still on its way (from an origin we have not heard from
        // yet): refuse the frame, the link reconnects and the sender resends later.
        throw new TableNotYetReplicatedError(`table ${entry.tenant}/${entry.table} (${tableId}) not replicated here yet`);
      }
      // else: an update of a deleted or superseded table incarnation, dropped as everywhere
      // (and, when re-applying this node's own journal tail, of a table it no longer has).
    }
    return updates;
  }

  /** Last writer (highest stamp) wins, per tenant and table name, whatever the arrival order. */
  private async applyCatalogChange(change: CatalogChange): Promise<void> {
    this.clock.observe(change.stamp);
    const { ledger } = this.options;
    const current = this.inner.getTable(change.tenant, change.name);
    const currentStamp = current ? stampOf(current) : (ledger.tombstone(change.tenant, change.name) ?? '');
    if (change.stamp <= currentStamp) {
      // The loser's items must be dropped when they arrive, not waited for.
      if (change.op === 'put' && change.record.id !== current?.id) ledger.recordDead(change.record.id);
      return;
    }
    if (change.op === 'delete') {
      ledger.recordDelete(change.tenant, change.name, change.stamp, current?.id);
      if (current) await this.inner.deleteTable(change.tenant, change.name);
      return;
    }
    const record = withStamp(change.record, change.stamp);
    if (current && current.id === record.id) {
      await this.inner.updateTable(record);
      return;
    }
    ledger.recordReplaced(change.tenant, change.name, current?.id);
    if (current) await this.inner.deleteTable(change.tenant, change.name);
    await this.inner.createTable(record);
    this.options.log?.('table replicated', { tenant: change.tenant, table: change.name, stamp: change.stamp });
  }

  private publishCommit(write: CommittedWrite): void {
    if (write.origin !== 'local') return;
    const entries: RecordEntry[] = [];
    for (const item of write.items) {
      const table = this.inner.getTable(item.tenant, item.tableName);
      if (!table) continue;
      entries.push({ tenant: item.tenant, table: item.tableName, key: encodeItemKey(table, item.key), scope: tableScope(table), update: item.update });
    }
    if (entries.length > 0) void this.publish(entries);
  }

  private publish(entries: RecordEntry[]): Promise<unknown> {
    let published: Promise<unknown>;
    try {
      if (!this.publisher) throw new Error('networked store: publish before the replicator was connected');
      published = this.publisher.publish(entries);
    } catch (error) {
      // e.g. the replicator is closed during shutdown: the write must not be acknowledged.
      published = Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    published.catch(() => undefined); // awaited by the write that caused it
    this.lastPublish = published;
    return published;
  }
}
