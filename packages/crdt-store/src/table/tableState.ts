import { itemSize, type Item } from '@kuhiro/expressions';
import type { StateText } from '../item/stateText.js';
import type { IndexDefinition, TableRecord, TableStats } from '../types.js';
import { IndexView } from './indexView.js';
import { PREFIX_END } from './keyEncoding.js';
import { SortedView } from './sortedView.js';

/** What the store keeps per item. */
export interface ItemRecord {
  /** The key attributes only. */
  key: Item;
  /**
   * The materialized item with its key attributes; undefined once deleted. A deleted item keeps
   * its record (a tombstone) because its Yjs history must merge with concurrent remote writes.
   */
  item: Item | undefined;
  /**
   * The compacted Yjs state of the item's document as a one-byte string (stateText.ts), current
   * once `pending` is folded in.
   */
  state: StateText;
  /**
   * Updates not yet folded into `state`: those replayed from the log on restart (replay sets the
   * materialized item from the log and defers Yjs until the item is next written or
   * snapshotted), and a hot item's latest committed updates (nodeStore.ts folds them in batches
   * from its live replica). Hydrating = `state` plus these, in any order.
   */
  pending?: Uint8Array[];
  /** itemSize(item), 0 when deleted. */
  size: number;
}

/** One table: its record, its sorted items, its tombstones, its index views and its stats. */
export class TableState {
  /** Live items only, so reads never walk over deleted ones. */
  readonly items = new SortedView<ItemRecord>();
  /** Deleted items, by tree key: kept for their Yjs state, never read. */
  readonly tombstones = new Map<string, ItemRecord>();
  readonly indexes = new Map<string, IndexView>();
  itemCount = 0;
  sizeBytes = 0;

  constructor(public record: TableRecord) {
    for (const index of record.indexes) this.indexes.set(index.name, new IndexView(index, record.key));
  }

  /** The record of an item, live or deleted. */
  recordAt(treeKey: string): ItemRecord | undefined {
    return this.items.get(treeKey) ?? this.tombstones.get(treeKey);
  }

  /** Every record, live ones in tree order, then tombstones. */
  *allRecords(): Generator<ItemRecord> {
    for (const [, record] of this.items.ascending({ from: '', to: PREFIX_END })) yield record;
    yield* this.tombstones.values();
  }

  /**
   * Moves one item from `oldItem` to `newItem` (either may be absent): places its record among
   * the live items or the tombstones, and keeps stats and indexes in step.
   */
  applyChange(treeKey: string, record: ItemRecord, oldItem: Item | undefined, newItem: Item | undefined, knownSize?: number): void {
    if (newItem === undefined) {
      this.items.delete(treeKey);
      this.tombstones.set(treeKey, record);
    } else if (oldItem === undefined) {
      this.tombstones.delete(treeKey);
      this.items.set(treeKey, record);
    }
    if (oldItem !== undefined) {
      this.itemCount--;
      this.sizeBytes -= record.size;
    }
    record.item = newItem;
    record.size = newItem === undefined ? 0 : (knownSize ?? itemSize(newItem));
    if (newItem !== undefined) {
      this.itemCount++;
      this.sizeBytes += record.size;
    }
    for (const index of this.indexes.values()) index.update(oldItem, newItem, newItem === undefined ? undefined : record.size);
  }

  /** Replaces the record; builds (backfills) indexes it adds and drops the ones it removes. */
  replaceRecord(record: TableRecord): void {
    const wanted = new Map<string, IndexDefinition>(record.indexes.map((index) => [index.name, index]));
    for (const name of [...this.indexes.keys()]) if (!wanted.has(name)) this.indexes.delete(name);
    for (const [name, definition] of wanted) {
      if (this.indexes.has(name)) continue;
      const view = new IndexView(definition, record.key);
      for (const [, itemRecord] of this.items.ascending({ from: '', to: PREFIX_END })) view.update(undefined, itemRecord.item, itemRecord.size);
      this.indexes.set(name, view);
    }
    this.record = record;
  }

  stats(): TableStats {
    const indexes: TableStats['indexes'] = {};
    for (const [name, view] of this.indexes) indexes[name] = { itemCount: view.itemCount, sizeBytes: view.sizeBytes };
    return { itemCount: this.itemCount, sizeBytes: this.sizeBytes, indexes };
  }
}
