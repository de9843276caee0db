import { itemSize, type Item } from '@kuhiro/expressions';
import type { SnapshotIndexEntry } from '../persistence/persistenceAdapter.js';
import type { IndexDefinition, KeySchema } from '../types.js';
import { PREFIX_END } from './keyEncoding.js';
import { projectItem } from './projection.js';
import { SortedView } from './sortedView.js';
import { itemText } from './storedItem.js';
import type { ItemRecord } from './tableState.js';
import { indexTreeKeyOf, tableTreeKeyOfIndexKey } from './treeKey.js';

/**
 * An index entry: the projected item's text and size. For an ALL projection the entry is the
 * table's own `ItemRecord` (the projected item is the item): no second text, no entry object.
 */
export interface IndexEntry {
  readonly text: string | undefined;
  readonly size: number;
}

/**
 * One GSI or LSI: items keyed by index key then table key, projected. Sparse: an item without
 * every index key attribute (or with one of another type) is simply not in the view.
 */
export class IndexView {
  readonly entries = new SortedView<IndexEntry>();
  sizeBytes = 0;
  private readonly sharesRecords: boolean;

  constructor(
    readonly definition: IndexDefinition,
    private readonly tableKey: KeySchema,
  ) {
    this.sharesRecords = definition.projection.type === 'ALL';
  }

  get itemCount(): number {
    return this.entries.size;
  }

  /** Entries read from a snapshot, in index order (an ALL projection's entries are item records). */
  loadSorted(keys: string[], entries: IndexEntry[]): void {
    this.entries.addSorted(keys, entries);
    for (const entry of entries) this.sizeBytes += entry.size;
  }

  /** The entries as a snapshot stores them, in index order; an ALL entry refers to its item by table tree key. */
  *snapshotEntries(tableId: string): Generator<SnapshotIndexEntry> {
    const index = this.definition.name;
    for (const [treeKey, entry] of this.entries.ascending({ from: '', to: PREFIX_END })) {
      if (this.sharesRecords) {
        yield { tableId, index, treeKey, itemTreeKey: tableTreeKeyOfIndexKey(treeKey, this.definition.key, this.tableKey), size: 0 };
      } else if (entry.text !== undefined) {
        yield { tableId, index, treeKey, text: entry.text, size: entry.size };
      }
    }
  }

  treeKeyOf(item: Item): string | undefined {
    return indexTreeKeyOf(item, this.definition.key, this.tableKey);
  }

  /**
   * Moves the item's entry from its old to its new state (either may be absent). `record` is the
   * item's record, already holding the new item (its text and size); `oldSize` is the size the
   * item had before (what an ALL entry, which is the record, counted for).
   */
  update(oldItem: Item | undefined, oldSize: number, newItem: Item | undefined, record: ItemRecord): void {
    if (oldItem !== undefined) {
      const oldKey = this.treeKeyOf(oldItem);
      if (oldKey !== undefined) {
        const entry = this.entries.get(oldKey);
        if (entry !== undefined) {
          this.sizeBytes -= entry === record ? oldSize : entry.size;
          this.entries.delete(oldKey);
        }
      }
    }
    if (newItem !== undefined) {
      const newKey = this.treeKeyOf(newItem);
      if (newKey !== undefined) {
        let entry: IndexEntry = record;
        if (!this.sharesRecords) {
          const projected = projectItem(newItem, this.definition, this.tableKey);
          entry = { text: itemText(projected), size: itemSize(projected) };
        }
        // An entry already there is replaced, not added to. (Log replay after a restart meets
        // them: a snapshot's index entries may be newer than its items, see storeLoader.ts.)
        const replaced = this.entries.get(newKey);
        if (replaced !== undefined) this.sizeBytes -= replaced === record ? oldSize : replaced.size;
        this.entries.set(newKey, entry);
        this.sizeBytes += entry.size;
      }
    }
  }
}
