import type { AttributeValue, Item, ResolvedAction, ScalarKeyType } from '@kuhiro/expressions';
import type { PersistenceAdapter } from './persistence/persistenceAdapter.js';

/** One key attribute of a table or index. */
export interface KeyAttribute {
  name: string;
  type: ScalarKeyType;
}

/**
 * A key schema. Tables and LSIs have one partition and at most one sort attribute; GSIs in
 * DynamoDB's newest form may have up to four of each (values are compared in order).
 */
export interface KeySchema {
  partition: KeyAttribute[];
  sort: KeyAttribute[];
}

export type ProjectionType = 'ALL' | 'KEYS_ONLY' | 'INCLUDE';

export interface IndexDefinition {
  name: string;
  kind: 'global' | 'local';
  key: KeySchema;
  projection: { type: ProjectionType; nonKeyAttributes?: string[] };
}

/**
 * What the store keeps about a table. The store needs the key schema and indexes to keep its
 * sorted views; everything DynamoDB-shaped (ARN, billing, throughput, tags, stream, TTL, the
 * status machine) lives in `description`, owned by the dynamodb-api layer and persisted as-is.
 */
export interface TableRecord {
  /** The namespace (account) the table belongs to. */
  tenant: string;
  name: string;
  /** Unique per creation, so a deleted and re-created table never sees old items. */
  id: string;
  key: KeySchema;
  indexes: IndexDefinition[];
  description: Record<string, unknown>;
}

/** A write to one item. `key` holds exactly the table's key attributes. */
export type WriteOp =
  | { table: TableRecord; key: Item; type: 'put'; item: Item }
  | { table: TableRecord; key: Item; type: 'update'; actions: ResolvedAction[] }
  | { table: TableRecord; key: Item; type: 'delete' };

export interface ItemChange {
  /** The materialized item before the write (undefined if it did not exist). */
  old: Item | undefined;
  /** The materialized item after the write (undefined if it no longer exists). */
  new: Item | undefined;
}

export interface WriteResult {
  /** One entry per op, in order. */
  changes: ItemChange[];
  /** Resolves when the write is on disk per the fsync policy; acknowledge only after it. */
  durable: Promise<void>;
}

/** Condition on the sort key of a Query (already validated and typed by the API layer). */
export type SortKeyCondition =
  | { op: 'EQ' | 'LT' | 'LE' | 'GT' | 'GE' | 'BEGINS_WITH'; value: AttributeValue }
  | { op: 'BETWEEN'; low: AttributeValue; high: AttributeValue };

export interface QueryOptions {
  /** Query an index instead of the table. */
  index?: string;
  /** Values of the partition key attributes, in key-schema order. */
  partition: AttributeValue[];
  /** Condition on the (first) sort key attribute. */
  sortCondition?: SortKeyCondition;
  /** ScanIndexForward (default true). */
  forward?: boolean;
  /** Start after this key (the table key plus, on an index, the index key). */
  exclusiveStartKey?: Item;
}

export interface ScanOptions {
  index?: string;
  segment?: number;
  totalSegments?: number;
  exclusiveStartKey?: Item;
}

/**
 * An item as the store keeps it: its DynamoDB JSON text (`JSON.stringify` of the item with its
 * key attributes, exactly what GetItem returns under "Item") and its size as DynamoDB computes
 * it. Reads that return items unchanged put the text into the response as it is.
 */
export interface StoredItem {
  readonly text: string;
  readonly size: number;
}

export interface TableStats {
  itemCount: number;
  /** Sum of item sizes, computed as DynamoDB computes item size. */
  sizeBytes: number;
  indexes: Record<string, { itemCount: number; sizeBytes: number }>;
}

export type FsyncPolicy = 'always' | 'batch' | 'none';

export interface NodeStoreOptions {
  /** Directory for the log and snapshots; created if missing. */
  dataDir: string;
  /** The node's name; its Yjs clientID is derived from it and persisted with the data. */
  nodeName?: string;
  /**
   * 'always': fsync each write; 'batch' (default): group commit (logWriter.ts): a write is
   * acknowledged after the fdatasync of its batch; `groupCommitMs` (default 0: start a batch as
   * soon as the log is idle) makes every batch wait that long first.
   */
  fsync?: FsyncPolicy;
  groupCommitMs?: number;
  /** Injected clock (ms since epoch). */
  now?: () => number;
  /** Live Yjs replicas kept for hot items (default 5,000; ~4.4 KB of heap each). */
  replicaCacheSize?: number;
  /** Take a snapshot once this many log bytes were appended since the last one (default 64 MiB). */
  snapshotEveryBytes?: number;
  /** Take a snapshot on close(), so the next start replays nothing (default true). */
  snapshotOnClose?: boolean;
  /** Where the store's few log lines go (default: stderr). */
  log?: (line: string) => void;
  /**
   * Where the log and snapshots go (default: files in `dataDir`). Another adapter can keep them
   * in another database; `dataDir` still holds node.json.
   */
  persistence?: PersistenceAdapter;
}

/** One item of a committed write, as replication and streams see it. */
export interface CommittedItem {
  tableId: string;
  tenant: string;
  tableName: string;
  /** The item's key attributes. */
  key: Item;
  /** The Yjs update the write made to the item's document (never empty). */
  update: Uint8Array;
  old: Item | undefined;
  new: Item | undefined;
}

/** What onCommit listeners receive after each write or applied remote batch that changed something. */
export interface CommittedWrite {
  /** 'local' for write(), 'remote' for applyRemote() (replication must not echo those back). */
  origin: 'local' | 'remote';
  items: CommittedItem[];
}

/** One update received from a peer. */
export interface RemoteUpdate {
  tenant: string;
  tableName: string;
  /** The item's key attributes. */
  key: Item;
  update: Uint8Array;
}

/**
 * The store of one node, as the dynamodb-api layer sees it. Implemented by `NodeStore`
 * (nodeStore.ts). Everything is synchronous except durability and open/close: a caller reads
 * the current item, evaluates its condition and calls `write` with no await in between, so
 * condition-check-then-write is atomic on a node without locks (Node runs one request's
 * synchronous code to the end).
 */
export interface Store {
  // ---- catalog (tables per tenant) ----
  /** Throws KuhiroError('ERR_TABLE_EXISTS') if the tenant already has a table of that name. */
  createTable(record: TableRecord): Promise<void>;
  getTable(tenant: string, name: string): TableRecord | undefined;
  /** Table names of the tenant, sorted by UTF-8 code units, as ListTables returns them. */
  listTables(tenant: string): string[];
  /** Replaces the record (same tenant, name and id). Index definitions may change (GSI add/remove). */
  updateTable(record: TableRecord): Promise<void>;
  /** Drops the table and all its items. */
  deleteTable(tenant: string, name: string): Promise<void>;

  // ---- items ----
  /** The materialized item (with its key attributes) or undefined. Treat as read-only. */
  getItem(table: TableRecord, key: Item): Item | undefined;
  /**
   * Applies all ops as one atomic unit (one log record, one replication unit). The caller has
   * validated everything; the store only throws on an internal failure, leaving nothing applied.
   */
  write(ops: WriteOp[]): WriteResult;
  /** Items in key order for a Query; lazily evaluated so a caller can stop at its page limit. */
  query(table: TableRecord, options: QueryOptions): Iterable<Item>;
  /** Items in the table's (or index's) scan order; stable across calls for paging. */
  scan(table: TableRecord, options: ScanOptions): Iterable<Item>;
  tableStats(table: TableRecord): TableStats;

  // ---- the same reads in stored form (optional: the API falls back to the ones above) ----
  /** As `getItem`, as stored: no object is built. Treat as read-only and use it before the next write. */
  getStoredItem?(table: TableRecord, key: Item): StoredItem | undefined;
  /** As `query`, as stored. */
  queryStored?(table: TableRecord, options: QueryOptions): Iterable<StoredItem>;
  /** As `scan`, as stored. */
  scanStored?(table: TableRecord, options: ScanOptions): Iterable<StoredItem>;

  close(): Promise<void>;
}
