import type { Item } from '@kuhiro/expressions';
import type { TableRecord } from '../types.js';

/** The Yjs update one write made to one item, and the item it left. */
export interface LogEntry {
  tableId: string;
  /** The item's key attributes. */
  key: Item;
  update: Uint8Array;
  /**
   * The materialized item after the write (undefined = deleted). Logged so that replaying the
   * log needs no Yjs: hydrating a document per replayed entry costs ~150 µs, parsing this ~10.
   */
  item: Item | undefined;
}

/** One appended record: the unit of durability (and of replication, for writes). */
export type LogRecord =
  | { kind: 'write'; entries: LogEntry[] }
  | { kind: 'putTable'; table: TableRecord }
  | { kind: 'deleteTable'; tableId: string };

/** One item as a snapshot holds it: Yjs state and the materialized item, so restart needs no Yjs. */
export interface SnapshotItem {
  tableId: string;
  /** The key attributes; may be left out when `item` is present (its key attributes are the key). */
  key?: Item;
  /** undefined = deleted (the state is kept so concurrent remote writes still merge right). */
  item: Item | undefined;
  state: Uint8Array;
  /** itemSize(item), if known, so a restart need not compute it again. */
  size?: number;
}

/** What a snapshot is taken from; `items` is walked lazily while the snapshot is written. */
export interface SnapshotSource {
  tables: TableRecord[];
  items(): Iterable<SnapshotItem>;
}

/** Receives the stored data on load: snapshot tables, then snapshot items, then the log tail in order. */
export interface LoadSink {
  table(record: TableRecord): void;
  item(item: SnapshotItem): void;
  record(record: LogRecord): void;
}

export interface LoadReport {
  /** True if anything beyond a torn log tail could not be read: data may be lost. */
  damaged: boolean;
  /** Human-readable notes on what was repaired or lost, for the node's log. */
  notes: string[];
  /** True if the store held any data at all before this load. */
  hadData: boolean;
}

/**
 * Where a node keeps its data. The file adapter (fileAdapter.ts) is the one used today; central
 * may later keep its store in another database (DESIGN.md, Beyond one machine) through another
 * implementation of this interface.
 */
export interface PersistenceAdapter {
  load(sink: LoadSink): Promise<LoadReport>;
  /** Appends a record; the promise resolves when it is durable per the adapter's fsync policy. */
  append(record: LogRecord): Promise<void>;
  /** Bytes appended since the last snapshot (the store takes a snapshot past a threshold). */
  readonly bytesSinceSnapshot: number;
  /**
   * Takes a snapshot. `cut` is called once new appends already go past the snapshot (to a new
   * segment); the snapshot is built from what it returns, so it may include writes made after the cut.
   */
  snapshot(cut: () => SnapshotSource): Promise<void>;
  close(): Promise<void>;
}
