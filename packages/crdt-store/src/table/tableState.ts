import { itemSize, type Item } from '@kuhiro/expressions';
import type { StateText } from '../item/stateText.js';
import type { IndexDefinition, KeySchema, TableRecord, TableStats } from '../types.js';
import { IndexView } from './indexView.js';
import { PREFIX_END } from './keyEncoding.js';
import { SortedView } from './sortedView.js';
import { itemText, parseItem } from './storedItem.js';

/** What the store keeps per item. */
export interface ItemRecord {
  /**
   * The key attributes, kept only while the item is deleted (a tombstone): a live item's key
   * attributes are in `text`, and a key object per live item cost ~90 bytes.
   */
  key: Item | undefined;
  /**
   * The materialized item with its key attributes as DynamoDB JSON text (storedItem.ts);
   * undefined once deleted. A deleted item keeps its record (a tombstone) because its Yjs
   * history must merge with concurrent remote writes.
   */
  text: string | undefined;
  /**
   * The compacted Yjs state of the item's document as a one-byte string (stateText.ts), current
   * once `pending` is folded in; or the shared marker `REGENERABLE_STATE` when the item's only
   * history is a fresh put by this node (regenerableState.ts rebuilds it; never with `pending`).
   */
  state: StateText;
  /**
   * Updates not yet folded into `state`: those replayed from the log on restart (replay sets the
   * materialized item from the log and defers Yjs until the item is next written or
   * snapshotted), and a hot item's latest committed updates (nodeStore.ts folds them in batches
   * from its live replica). Hydrating = `state` plus these, in any order. Every record is
   * created with this field (undefined): a field added later moves the object's fields to a
   * separate property array (~41 bytes more per item in a heap snapshot).
   */
  pending: Uint8Array[] | undefined;
  /** itemSize(item), 0 when deleted. */
  size: number;
}

/** The materialized item of a record as an object (parsed from its text), or undefined if deleted. */
export function itemOf(record: ItemRecord): Item | undefined {
  return record.text === undefined ? undefined : parseItem(record.text);
}

/** A record's key attributes, live (from its text) or deleted. */
export function keyOfRecord(record: ItemRecord, schema: KeySchema): Item {
  if (record.key !== undefined) return record.key;
  return keyAttributes(parseItem(record.text!), schema);
}

export function keyAttributes(item: Item, schema: KeySchema): Item {
  const key: Item = {};
  for (const attribute of schema.partition) key[attribute.name] = item[attribute.name]!;
  for (const attribute of schema.sort) key[attribute.name] = item[attribute.name]!;
  return key;
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
    for (const [, record] of this.allEntries()) yield record;
  }

  /** Every record with its tree key, live ones in tree order, then tombstones. */
  *allEntries(): Generator<[string, ItemRecord]> {
    yield* this.items.ascending({ from: '', to: PREFIX_END });
    yield* this.tombstones.entries();
  }

  /**
   * Moves one item from `oldItem` to `newItem` (either may be absent; `oldItem` is the record's
   * current item as an object, needed to find its old index entries): places its record among
   * the live items or the tombstones, stores the new item's text, and keeps stats and indexes
   * in step. `newText` and `knownSize`, when the caller has them, spare serializing and sizing
   * the item again.
   */
  applyChange(
    treeKey: string,
    record: ItemRecord,
    oldItem: Item | undefined,
    newItem: Item | undefined,
    knownSize?: number,
    newText?: string,
  ): void {
    const oldSize = record.size;
    if (newItem === undefined) {
      if (record.key === undefined && oldItem !== undefined) record.key = keyAttributes(oldItem, this.record.key);
      this.items.delete(treeKey);
      this.tombstones.set(treeKey, record);
    } else if (oldItem === undefined) {
      this.tombstones.delete(treeKey);
      this.items.set(treeKey, record);
    }
    if (oldItem !== undefined) {
      this.itemCount--;
      this.sizeBytes -= oldSize;
    }
    if (newItem === undefined) {
      record.text = undefined;
      record.size = 0;
    } else {
      record.key = undefined;
      record.text = newText ?? itemText(newItem);
      record.size = knownSize ?? itemSize(newItem);
      this.itemCount++;
      this.sizeBytes += record.size;
    }
    for (const index of this.indexes.values()) index.update(oldItem, oldSize, newItem, record);
  }

  /**
   * Adds a live item read from a snapshot: its text and size are stored as they are, and the
   * item is parsed only when an index needs its attributes.
   */
  loadLive(treeKey: string, record: ItemRecord): void {
    this.items.set(treeKey, record);
    this.itemCount++;
    this.sizeBytes += record.size;
    if (this.indexes.size === 0) return;
    const item = parseItem(record.text!);
    for (const index of this.indexes.values()) index.update(undefined, 0, item, record);
  }

  /** Adds live items read from a snapshot, in tree order; indexes are loaded apart (IndexView.loadSorted). */
  loadSortedLive(treeKeys: string[], records: ItemRecord[]): void {
    this.items.addSorted(treeKeys, records);
    this.itemCount += records.length;
    for (const record of records) this.sizeBytes += record.size;
  }

  /** Adds a deleted item (a tombstone) read from a snapshot. */
  loadTombstone(treeKey: string, record: ItemRecord): void {
    this.tombstones.set(treeKey, record);
  }

  /** Replaces the record; builds (backfills) indexes it adds and drops the ones it removes. */
  replaceRecord(record: TableRecord): void {
    const wanted = new Map<string, IndexDefinition>(record.indexes.map((index) => [index.name, index]));
    for (const name of [...this.indexes.keys()]) if (!wanted.has(name)) this.indexes.delete(name);
    for (const [name, definition] of wanted) {
      if (this.indexes.has(name)) continue;
      const view = new IndexView(definition, record.key);
      for (const [, itemRecord] of this.items.ascending({ from: '', to: PREFIX_END })) {
        view.update(undefined, 0, parseItem(itemRecord.text!), itemRecord);
      }
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
