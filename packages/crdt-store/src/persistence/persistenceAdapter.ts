import type { Item } from '@kuhiro/expressions';
import type { StateText } from '../item/stateText.js';
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
  /** `JSON.stringify(item)` when the writer already has it (the table stores it): spares the log a second one. */
  itemText?: string;
}

/** One appended record: the unit of durability (and of replication, for writes). */
export type LogRecord =
  | { kind: 'write'; entries: LogEntry[] }
  | { kind: 'putTable'; table: TableRecord }
  | { kind: 'deleteTable'; tableId: string };

/**
 * One item as snapshots of format 1 held it (record kind `snapshotItems`, logRecordCodec.ts):
 * still read, never written (snapshotCodec.ts writes `SnapshotEntry`s).
 */
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

/**
 * One item as a snapshot holds it: its Yjs state and its materialized item as stored (text and
 * size), so a restart needs neither Yjs nor, for tables without indexes, a JSON parse.
 */
export interface SnapshotEntry {
  tableId: string;
  /**
   * The item's tree key in its table (table/treeKey.ts), when known; restart then need not
   * encode keys again. Snapshots are written in tree order, so these arrive ascending per table.
   */
  treeKey?: string;
  /** The key attributes, for a deleted item (a live item's are in `text`). */
  key?: Item;
  /** The item as DynamoDB JSON text (table/storedItem.ts); undefined = deleted (the state is kept so concurrent remote writes still merge right). */
  text: string | undefined;
  state: StateText;
  /**
   * Set when `state` is `REGENERABLE_STATE` (item/stateText.ts): the Yjs clientID whose fresh put
   * of `text` the state is (regenerableState.ts). Snapshots keep no state bytes for such items.
   */
  regeneratedBy?: number;
  /** itemSize of the item, 0 when deleted. */
  size: number;
}

/**
 * One entry of an index view as a snapshot holds it. A snapshot holds every index's entries in
 * index order after its table's items, so a restart builds index views without parsing items
 * or sorting keys.
 */
export interface SnapshotIndexEntry {
  tableId: string;
  index: string;
  /** The entry's key in the index view. */
  treeKey: string;
  /** ALL projection: the table tree key of the item (whose record is the entry). */
  itemTreeKey?: string;
  /** Other projections: the projected item's text and size. */
  text?: string;
  size: number;
}

/** What a snapshot is taken from; `items` is walked lazily while the snapshot is written. */
export interface SnapshotSource {
  tables: TableRecord[];
  /** Per table: its items in tree order (then its deleted items), then each index's entries in index order. */
  items(): Iterable<SnapshotEntry | SnapshotIndexEntry>;
}

/**
 * Receives the stored data on load: snapshot tables, then snapshot items, then the log tail in
 * order. A snapshot is streamed to the sink as it is read, so one found damaged part-way is
 * followed by `reset()`: forget everything received so far (the adapter then tries an older
 * snapshot or the log alone).
 */
export interface LoadSink {
  table(record: TableRecord): void;
  item(item: SnapshotEntry): void;
  indexEntry(entry: SnapshotIndexEntry): void;
  /** The snapshot's items (and index entries) are all in; log records follow. */
  snapshotLoaded(): void;
  record(record: LogRecord): void;
  reset(): void;
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
