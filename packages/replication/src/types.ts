/** Which PoPs receive a table's changes (DynamoDB tag `kuhiro:replication`). Central receives all. */
export type Scope = 'all' | 'local' | `group:${string}`;

/** One item's Yjs update inside a record. */
export interface RecordEntry {
  tenant: string;
  table: string;
  /** The store's encoded item key. */
  key: string;
  scope: Scope;
  update: Uint8Array;
}

/**
 * A unit of replication: the updates of origin `origin` with sequence numbers
 * fromSeq..toSeq, applied as one unit. A local commit is one record (fromSeq === toSeq);
 * coalescing on the wire merges consecutive records of one origin into one record
 * covering a range, so a transaction's updates are never split, only joined.
 * `entries` may be empty when every entry was filtered out by scope: the range still
 * advances the receiver's version vector.
 */
export interface ReplicationRecord {
  origin: string;
  fromSeq: number;
  toSeq: number;
  entries: RecordEntry[];
}

/** origin -> highest contiguous sequence number applied. */
export type VersionVector = Map<string, number>;

export interface ReplicationLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** What the host (edge node) provides. */
export interface ReplicationHost {
  /**
   * Apply remote records to the store, each atomically, in the given order. Applying an
   * update twice must be harmless (Yjs updates are idempotent): after a crash, records
   * that were applied but not yet journaled are delivered again.
   */
  applyRecords(records: ReplicationRecord[]): void | Promise<void>;
  /**
   * Optional, preferred to applyRecords when present: the same work in two stages. `applied`
   * resolves once the records are applied (readable), `durable` once the host's log holds them.
   * The replicator applies the next frame as soon as this one is applied, and journals (then
   * acknowledges) a frame only once it is durable, so a frame never waits for the previous
   * frame's sync to become visible. If `applied` rejects, `durable` must reject too.
   */
  applyRecordsStaged?(records: ReplicationRecord[]): { applied: Promise<void>; durable: Promise<void> };
  /**
   * State transfer, for a peer that lags further behind than this node's journal retains:
   * one entry per item whose scope passes `filter`, carrying the item's whole state as a
   * Yjs update (`Y.encodeStateAsUpdate`), plus whatever else the host replicates (catalog,
   * control plane) in the order the receiver must apply it. Pulled lazily (an iterable is
   * read as frames go out, so a large store is never held in memory at once) and sent in
   * frames of about `maxFrameBytes`. Optional: without it, such a peer is logged and left
   * behind for that origin.
   */
  exportState?(filter: StateFilter): StateSource;
  /**
   * Apply one frame of a state transfer (entries as exported by a peer, in its order).
   * Frames arrive in order; a transfer cut short is restarted from its beginning on the
   * next connection, so applying must be idempotent. Defaults to applyRecords.
   */
  importState?(entries: RecordEntry[]): void | Promise<void>;
}

/** Which entries a state transfer may carry to the receiving peer (its scopes). */
export type StateFilter = (entry: { tenant: string; table: string; scope: Scope }) => boolean;

/** What `exportState` returns: entries in apply order, possibly produced lazily. */
export type StateSource = Iterable<RecordEntry> | AsyncIterable<RecordEntry> | Promise<RecordEntry[]>;
