import type { Item } from '@kuhiro/expressions';
import * as Y from 'yjs';
import { Catalog } from './catalog.js';
import { encodeFreshPut, type FreshPut } from './item/freshPut.js';
import { itemWithKey, withoutKey } from './item/keyAttributes.js';
import { ItemReplica, type ItemMutation } from './item/itemReplica.js';
import { NO_STATE_TEXT, REGENERABLE_STATE, stateToText, textToState } from './item/stateText.js';
import { KuhiroError } from './kuhiroError.js';
import { FileAdapter } from './persistence/fileAdapter.js';
import { loadNodeIdentity } from './persistence/nodeIdentity.js';
import type { LogEntry, PersistenceAdapter, SnapshotEntry, SnapshotIndexEntry, SnapshotSource } from './persistence/persistenceAdapter.js';
import { markIfFreshPut, materializeState, stateOfRecord } from './regenerableState.js';
import { ReplicaCache } from './replicaCache.js';
import { StoreLoader } from './storeLoader.js';
import { queryStored, scanStored } from './table/readItems.js';
import { parseItem } from './table/storedItem.js';
import { itemOf, keyOfRecord, type ItemRecord, type TableState } from './table/tableState.js';
import { treeKeyOf } from './table/treeKey.js';
import type {
  CommittedItem,
  CommittedWrite,
  ItemChange,
  KeySchema,
  NodeStoreOptions,
  QueryOptions,
  RemoteUpdate,
  ScanOptions,
  Store,
  StoredItem,
  TableRecord,
  TableStats,
  WriteOp,
  WriteResult,
} from './types.js';

const DEFAULT_REPLICA_CACHE_SIZE = 5000;
/**
 * A hot item's committed updates wait in `ItemRecord.pending` until this many (or bytes) have
 * gathered, then its state is re-encoded from the live replica: encoding the whole document
 * after every write was ~5% of a write's CPU (profile), and the bounds keep a hot item's extra
 * memory small (5,000 hot items x 2 KiB at most).
 */
const MAX_PENDING_UPDATES = 16;
const MAX_PENDING_BYTES = 2048;
/** 0: a group commit starts as soon as the log is idle (logWriter.ts), no timer in the ack path. */
const DEFAULT_GROUP_COMMIT_MS = 0;
const DEFAULT_SNAPSHOT_EVERY_BYTES = 64 * 1024 * 1024;

/** The id of an item across tables, as the replica cache knows it. */
const itemIdOf = (tableId: string, treeKey: string): string => `${tableId}\u0000${treeKey}`;

/** One item's change, computed before anything is committed. */
interface PreparedChange {
  table: TableState;
  treeKey: string;
  itemId: string;
  key: Item;
  /** undefined: a new item encoded without a document (item/freshPut.ts). */
  replica: ItemReplica | undefined;
  /** The item's record before this write, if it had one (see `commit` for why that decides caching). */
  existing: ItemRecord | undefined;
  update: Uint8Array;
  newItem: Item | undefined;
  /** A fresh put whose state may be dropped and regenerated (FreshPut.regenerable). */
  regenerable: boolean;
}

/**
 * The item store of one node (see types.ts `Store` for the contract). Items live three ways:
 * the materialized item (all reads), the compacted Yjs state as a one-byte string plus the
 * updates not yet folded into it (`pending`, bounded), and, for items written more than once
 * only, a live `ItemReplica` in a bounded LRU so repeated writes do not re-hydrate.
 */
export class NodeStore implements Store {
  private readonly replicas: ReplicaCache<HotItem>;
  private readonly listeners = new Set<(write: CommittedWrite) => void>();
  private lastDurable: Promise<void> = Promise.resolve();
  private snapshotRunning: Promise<void> | undefined;
  private closed = false;

  private constructor(
    private readonly adapter: PersistenceAdapter,
    /** The Yjs clientID of this node's local writes. */
    readonly clientId: number,
    private readonly options: NodeStoreOptions,
    private readonly catalog: Catalog,
  ) {
    this.replicas = new ReplicaCache(options.replicaCacheSize ?? DEFAULT_REPLICA_CACHE_SIZE, (_id, hot) => {
      // Leaving the cache: fold the updates it gathered into the stored state while the
      // document is at hand (one encode per eviction, not per write).
      if (hot.record.pending !== undefined) foldState(hot.record, hot.replica);
      hot.replica.destroy();
    });
  }

  static async open(options: NodeStoreOptions): Promise<NodeStore> {
    const log = options.log ?? ((line: string) => process.stderr.write(`[crdt-store] ${line}\n`));
    const adapter =
      options.persistence ??
      new FileAdapter({
        dir: options.dataDir,
        fsync: options.fsync ?? 'batch',
        groupCommitMs: options.groupCommitMs ?? DEFAULT_GROUP_COMMIT_MS,
      });
    const catalog = new Catalog();
    const loader = new StoreLoader(catalog);
    const report = await adapter.load(loader);
    for (const note of report.notes) log(note);
    const identity = await loadNodeIdentity({
      dir: options.dataDir,
      nodeName: options.nodeName,
      hadData: report.hadData,
      dataLost: report.damaged,
      log,
    });
    // Items marked regenerable regenerate with the clientID that wrote them: if this node now
    // has another (data loss), they carry their states again.
    if (loader.regenerableClientId !== identity.clientId) loader.materializeAll();
    return new NodeStore(adapter, identity.clientId, { ...options, log }, catalog);
  }

  // ---- catalog ----

  async createTable(record: TableRecord): Promise<void> {
    this.assertOpen();
    this.catalog.add(record);
    await this.appendDurable({ kind: 'putTable', table: record });
  }

  getTable(tenant: string, name: string): TableRecord | undefined {
    return this.catalog.get(tenant, name)?.record;
  }

  listTables(tenant: string): string[] {
    return this.catalog.names(tenant);
  }

  /** Every table of every tenant (the TTL sweeper and the network's admin view need them all). */
  listAllTables(): TableRecord[] {
    return this.catalog.all().map((table) => table.record);
  }

  async updateTable(record: TableRecord): Promise<void> {
    this.assertOpen();
    const state = this.catalog.require(record);
    if (state.record.tenant !== record.tenant || state.record.name !== record.name) {
      throw new KuhiroError('ERR_TABLE_NOT_FOUND', `Requested resource not found: Table: ${record.name} not found`);
    }
    state.replaceRecord(record);
    await this.appendDurable({ kind: 'putTable', table: record });
  }

  async deleteTable(tenant: string, name: string): Promise<void> {
    this.assertOpen();
    const state = this.catalog.get(tenant, name);
    if (state === undefined) throw new KuhiroError('ERR_TABLE_NOT_FOUND', `Requested resource not found: Table: ${name} not found`);
    this.catalog.remove(state);
    const prefix = itemIdOf(state.record.id, '');
    this.replicas.evictWhere((id) => id.startsWith(prefix));
    await this.appendDurable({ kind: 'deleteTable', tableId: state.record.id });
  }

  // ---- items ----

  getItem(table: TableRecord, key: Item): Item | undefined {
    const stored = this.getStoredItem(table, key);
    return stored === undefined ? undefined : parseItem(stored.text);
  }

  getStoredItem(table: TableRecord, key: Item): StoredItem | undefined {
    const state = this.catalog.require(table);
    return state.items.get(this.treeKeyOf(key, state.record.key)) as StoredItem | undefined;
  }

  write(ops: WriteOp[]): WriteResult {
    this.assertOpen();
    const prepared = this.prepare(
      ops.map((op) => {
        const mutation = mutationOf(op);
        const change = (replica: ItemReplica): Uint8Array => replica.apply(mutation);
        // A put of a new item is encoded without a document (item/freshPut.ts).
        const fresh = mutation.type === 'put' ? () => encodeFreshPut(mutation.attributes, this.clientId) : undefined;
        return { table: op.table, key: op.key, change, fresh };
      }),
    );
    return this.commit(prepared, 'local');
  }

  /**
   * Applies updates received from peers: each to its item's document, then views, log and
   * listeners as for a local write. An update for a table this node does not have is skipped
   * (its change is reported as { old: undefined, new: undefined }).
   */
  applyRemote(updates: RemoteUpdate[]): WriteResult {
    this.assertOpen();
    const tables = updates.map((update) => this.catalog.get(update.tenant, update.tableName));
    const prepared = this.prepare(
      updates.flatMap((update, i) => {
        const table = tables[i];
        if (table === undefined) return [];
        const change = (replica: ItemReplica): Uint8Array => {
          replica.applyUpdate(update.update);
          return update.update;
        };
        return [{ table: table.record, key: update.key, change }];
      }),
    );
    const result = this.commit(prepared, 'remote');
    let next = 0;
    const changes = tables.map((table) => (table === undefined ? { old: undefined, new: undefined } : result.changes[next++]!));
    return { changes, durable: result.durable };
  }

  onCommit(listener: (write: CommittedWrite) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  query(table: TableRecord, options: QueryOptions): Iterable<Item> {
    return parsed(this.queryStored(table, options));
  }

  queryStored(table: TableRecord, options: QueryOptions): Iterable<StoredItem> {
    return queryStored(this.catalog.require(table), options);
  }

  scan(table: TableRecord, options: ScanOptions): Iterable<Item> {
    return parsed(this.scanStored(table, options));
  }

  scanStored(table: TableRecord, options: ScanOptions): Iterable<StoredItem> {
    return scanStored(this.catalog.require(table), options);
  }

  tableStats(table: TableRecord): TableStats {
    return this.catalog.require(table).stats();
  }

  /**
   * Every item's whole Yjs state, deleted items included (their state carries the delete), for
   * a state transfer to a peer (edge-node's network/). The records are listed when iteration
   * starts and each state is encoded as it is reached, so the caller may pause between items
   * while writes go on: a state read later only holds more. Does not change the store.
   */
  *itemStates(table: TableRecord): Generator<{ key: Item; state: Uint8Array }> {
    const records = [...this.catalog.require(table).allRecords()];
    for (const record of records) {
      const parts = [stateOfRecord(record, table.key, this.clientId), ...(record.pending ?? [])].filter((part) => part.length > 0);
      if (parts.length === 0) continue;
      yield { key: keyOfRecord(record, table.key), state: parts.length === 1 ? parts[0]! : Y.mergeUpdates(parts) };
    }
  }

  // ---- persistence ----

  /** Writes a snapshot now (the store also takes one every `snapshotEveryBytes` of log, and on close). */
  snapshot(): Promise<void> {
    this.snapshotRunning ??= this.adapter.snapshot(() => this.snapshotSource()).finally(() => (this.snapshotRunning = undefined));
    return this.snapshotRunning;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.snapshotRunning?.catch(() => undefined);
    if (this.options.snapshotOnClose ?? true) await this.adapter.snapshot(() => this.snapshotSource());
    await this.adapter.close();
    this.replicas.clear();
  }

  // ---- internals ----

  private prepare(
    changes: Array<{
      table: TableRecord;
      key: Item;
      change: (replica: ItemReplica) => Uint8Array;
      /** The same change on an item that has no record yet, without a document; undefined: not possible. */
      fresh?: () => FreshPut | undefined;
    }>,
  ): PreparedChange[] {
    const prepared: PreparedChange[] = [];
    const inUse = new Map<string, ItemReplica>();
    /** Items created in this write without a document: their update is their whole state. */
    const freshStates = new Map<string, Uint8Array>();
    try {
      for (const { table: record, key, change, fresh } of changes) {
        const table = this.catalog.require(record);
        const treeKey = this.treeKeyOf(key, table.record.key);
        const itemId = itemIdOf(table.record.id, treeKey);
        const existing = table.recordAt(treeKey);
        const itemKey = keyOnly(key, table.record.key);
        let replica = inUse.get(itemId) ?? this.replicas.take(itemId)?.replica;
        const freshPut = replica === undefined && existing === undefined && !freshStates.has(itemId) ? fresh?.() : undefined;
        if (freshPut !== undefined) {
          freshStates.set(itemId, freshPut.update);
          const newItem = itemWithKey(itemKey, freshPut.attributes);
          prepared.push({ table, treeKey, itemId, key: itemKey, replica: undefined, existing, update: freshPut.update, newItem, regenerable: freshPut.regenerable });
          continue;
        }
        // An item created earlier in this write without a document continues from that state.
        replica ??= freshStates.has(itemId) ? ItemReplica.fromState(freshStates.get(itemId), this.clientId) : this.hydrate(existing, table.record.key);
        inUse.set(itemId, replica);
        const update = change(replica);
        const attributes = replica.materialize();
        const newItem = attributes === undefined ? undefined : itemWithKey(itemKey, attributes);
        prepared.push({ table, treeKey, itemId, key: itemKey, replica, existing, update, newItem, regenerable: false });
      }
    } catch (error) {
      // Nothing is committed yet: the touched replicas may hold half a write, so drop them; the
      // items' stored states plus their pending updates are still the ones before this write.
      for (const replica of inUse.values()) replica.destroy();
      throw error;
    }
    return prepared;
  }

  private commit(prepared: PreparedChange[], origin: CommittedWrite['origin']): WriteResult {
    const changes: ItemChange[] = [];
    const entries: LogEntry[] = [];
    const committed: CommittedItem[] = [];
    const updatesOf = new Map<string, Uint8Array[]>();
    // Records created or changed by this write, so each item's record is looked up in its
    // table's tree once (in prepare), not again per change and per release.
    const touched = new Map<string, ItemRecord>();
    for (const change of prepared) {
      const { table, treeKey, update, newItem } = change;
      const record = touched.get(change.itemId) ?? change.existing ?? ({ key: change.key, text: undefined, state: NO_STATE_TEXT, pending: undefined, size: 0 } satisfies ItemRecord);
      const old = itemOf(record);
      changes.push({ old, new: newItem });
      if (update.length === 0) continue;
      table.applyChange(treeKey, record, old, newItem);
      touched.set(change.itemId, record);
      const updates = updatesOf.get(change.itemId);
      if (updates === undefined) updatesOf.set(change.itemId, [update]);
      else updates.push(update);
      // applyChange stored the item's JSON text: the log reuses it.
      entries.push({ tableId: table.record.id, key: change.key, update, item: newItem, itemText: record.text });
      const { tenant, name: tableName } = table.record;
      committed.push({ tableId: table.record.id, tenant, tableName, key: change.key, update, old, new: newItem });
    }
    // The same item twice in one write: its last change holds the replica (or none: created
    // without a document, then its update is its whole state).
    const lastChangeOf = new Map<string, PreparedChange>();
    for (const change of prepared) lastChangeOf.set(change.itemId, change);
    for (const { itemId, replica, existing, update, regenerable } of lastChangeOf.values()) {
      const record = touched.get(itemId) ?? existing;
      if (replica === undefined) {
        if (record !== undefined && update.length > 0) {
          // The item's one change: a fresh put. When it re-encodes from the stored item, keep
          // no state at all (regenerableState.ts): ~300 bytes less per bulk-loaded item.
          record.state = regenerable ? REGENERABLE_STATE : stateToText(update);
          record.pending = undefined;
        }
        continue;
      }
      // Only an item written before (its second write on) keeps a live replica. A first write
      // (a new item: most writes of a bulk load) drops it at once, so the document dies young
      // in V8's scavenger; cached ones live long enough to be promoted, and their later
      // eviction left the old generation fragmented: a 100k-item load kept ~130 MB more RSS
      // with every new item cached than with none (measured, 5,000-entry cache).
      if (record === undefined || existing === undefined) {
        // Encoded once per item, after its last change in this write: state is all there is.
        if (record !== undefined && (updatesOf.has(itemId) || record.pending !== undefined)) foldState(record, replica);
        replica.destroy();
        continue;
      }
      for (const update of updatesOf.get(itemId) ?? []) (record.pending ??= []).push(update);
      if (record.pending !== undefined && tooManyPending(record.pending)) foldState(record, replica);
      this.replicas.put(itemId, { replica, record });
    }
    if (entries.length > 0) this.lastDurable = this.adapter.append({ kind: 'write', entries });
    // A write that changed nothing still waits for earlier records: what it observed must be durable.
    const durable = this.lastDurable;
    if (committed.length > 0) this.notify({ origin, items: committed });
    this.maybeSnapshot();
    return { changes, durable };
  }

  /**
   * A replica of the item's document: its stored state plus any updates replayed since. A
   * regenerable record gets its real state back here: the write about to change its item would
   * change what the state regenerates to (harmless if the write then fails: same state).
   */
  private hydrate(record: ItemRecord | undefined, schema: KeySchema): ItemReplica {
    if (record !== undefined) materializeState(record, schema, this.clientId);
    const replica = ItemReplica.fromState(record === undefined ? undefined : textToState(record.state), this.clientId);
    for (const update of record?.pending ?? []) replica.applyUpdate(update);
    return replica;
  }

  private notify(write: CommittedWrite): void {
    for (const listener of this.listeners) {
      try {
        listener(write);
      } catch (error) {
        // A listener's failure must not undo or fail a committed write.
        this.options.log?.(`onCommit listener failed: ${error instanceof Error ? error.stack : String(error)}`);
      }
    }
  }

  private maybeSnapshot(): void {
    const threshold = this.options.snapshotEveryBytes ?? DEFAULT_SNAPSHOT_EVERY_BYTES;
    if (this.snapshotRunning === undefined && this.adapter.bytesSinceSnapshot >= threshold) {
      this.snapshot().catch((error: unknown) => this.options.log?.(`snapshot failed: ${String(error)}`));
    }
  }

  private snapshotSource(): SnapshotSource {
    // Hot items fold their pending updates from the live document (compacted, unlike
    // Y.mergeUpdates below, which keeps overwritten content).
    for (const hot of this.replicas.values()) if (hot.record.pending !== undefined) foldState(hot.record, hot.replica);
    const tables = this.catalog.all();
    const clientId = this.clientId;
    return {
      tables: tables.map((table) => table.record),
      *items(): Generator<SnapshotEntry | SnapshotIndexEntry> {
        for (const table of tables) {
          for (const [treeKey, record] of table.allEntries()) {
            // Items created by writes replayed from the log drop their state here, if they can.
            // (Only replay leaves one update on an empty state: a cached item has a real state
            // or two updates, see hydrate and commit.)
            if (record.state === NO_STATE_TEXT) markIfFreshPut(record, table.record.key, clientId);
            if (record.state === REGENERABLE_STATE && record.pending === undefined) {
              // Written as a marker (snapshotCodec.ts kind 15) with the clientId it regenerates with.
              const { text, size } = record;
              yield { tableId: table.record.id, treeKey, text, state: REGENERABLE_STATE, size, regeneratedBy: clientId };
              continue;
            }
            if (record.pending !== undefined) {
              // Never both: every path that queues updates on a record materializes its state first.
              if (record.state === REGENERABLE_STATE) throw new Error('a regenerable item has pending updates');
              // Merging raw updates needs no document (cheaper than hydrating); the next write
              // to the item re-encodes it compactly.
              const updates = [textToState(record.state), ...record.pending].filter((update) => update.length > 0);
              record.state = stateToText(Y.mergeUpdates(updates));
              record.pending = undefined;
            }
            const { key, text, state, size } = record;
            yield { tableId: table.record.id, treeKey, ...(key !== undefined ? { key } : {}), text, state, size };
          }
          for (const index of table.indexes.values()) yield* index.snapshotEntries(table.record.id);
        }
      },
    };
  }

  private appendDurable(record: Parameters<PersistenceAdapter['append']>[0]): Promise<void> {
    this.lastDurable = this.adapter.append(record);
    return this.lastDurable;
  }

  private treeKeyOf(key: Item, schema: KeySchema): string {
    const treeKey = treeKeyOf(key, schema);
    if (treeKey === undefined) throw new KuhiroError('ERR_INVALID_KEY', 'The provided key element does not match the schema');
    return treeKey;
  }

  private assertOpen(): void {
    if (this.closed) throw new KuhiroError('ERR_STORE_CLOSED', 'the store is closed');
  }
}

/** Stored items as objects, parsed one by one as the caller walks. */
function* parsed(stored: Iterable<StoredItem>): Generator<Item> {
  for (const { text } of stored) yield parseItem(text);
}

/** A live replica and the record it belongs to (its `pending` holds what `state` lacks). */
interface HotItem {
  replica: ItemReplica;
  record: ItemRecord;
}

/** The record's state becomes the replica's compacted state (which includes every pending update). */
function foldState(record: ItemRecord, replica: ItemReplica): void {
  record.state = stateToText(replica.encodeState());
  record.pending = undefined;
}

function tooManyPending(pending: Uint8Array[]): boolean {
  if (pending.length >= MAX_PENDING_UPDATES) return true;
  let bytes = 0;
  for (const update of pending) bytes += update.length;
  return bytes > MAX_PENDING_BYTES;
}

function mutationOf(op: WriteOp): ItemMutation {
  switch (op.type) {
    case 'put':
      return { type: 'put', attributes: withoutKey(op.item, op.table.key) };
    case 'update':
      return { type: 'update', actions: op.actions };
    case 'delete':
      return { type: 'delete' };
  }
}


function keyOnly(item: Item, key: KeySchema): Item {
  const result: Item = {};
  for (const attribute of [...key.partition, ...key.sort]) {
    const value = item[attribute.name];
    if (value !== undefined) result[attribute.name] = value;
  }
  return result;
}
