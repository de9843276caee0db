import { itemSize } from '@kuhiro/expressions';
import type { Catalog } from './catalog.js';
import { NO_STATE_TEXT, REGENERABLE_STATE } from './item/stateText.js';
import type { LoadSink, LogEntry, LogRecord, SnapshotEntry, SnapshotIndexEntry } from './persistence/persistenceAdapter.js';
import { materializeState } from './regenerableState.js';
import type { IndexEntry } from './table/indexView.js';
import { parseItem } from './table/storedItem.js';
import { itemOf, keyAttributes, type ItemRecord, type TableState } from './table/tableState.js';
import { treeKeyOf } from './table/treeKey.js';
import type { TableRecord } from './types.js';

/** A table's snapshot items and index entries, gathered to build its views in bulk. */
interface Gathered {
  treeKeys: string[];
  records: ItemRecord[];
  built: boolean;
  /**
   * The live records by tree key, while index entries are read: an ALL entry names its item by
   * tree key, and a B+tree lookup per entry (string compares down the tree) was ~18% of a
   * restart's CPU; a hash lookup is a few times cheaper. Dropped once the snapshot is in.
   */
  byTreeKey: Map<string, ItemRecord> | undefined;
  indexes: Map<string, { treeKeys: string[]; entries: IndexEntry[] }>;
}

/**
 * Rebuilds the catalog and items from a snapshot and the log tail without touching Yjs.
 * Snapshot entries carry the stored item (text, size, tree key) and arrive in tree order,
 * followed by every index's entries in index order: both views are bulk-built from them, with
 * no JSON parsing and no key encoding (snapshotCodec.ts). Log entries carry the materialized
 * item, and a replayed update is only queued on its item (`ItemRecord.pending`) until the item
 * is next hydrated or snapshotted.
 */
export class StoreLoader implements LoadSink {
  private readonly gathered = new Map<TableState, Gathered>();
  /**
   * The clientID that the loaded records marked `REGENERABLE_STATE` regenerate with (the
   * snapshot writer's). The store keeps them marked only if it is its own clientID
   * (`materializeAll` otherwise); entries regenerable by any other clientID get their state here.
   */
  regenerableClientId: number | undefined;

  constructor(private readonly catalog: Catalog) {}

  table(record: TableRecord): void {
    this.catalog.add(record);
  }

  item(entry: SnapshotEntry): void {
    const table = this.catalog.byTableId(entry.tableId);
    if (table === undefined) return;
    const schema = table.record.key;
    if (entry.state === REGENERABLE_STATE && entry.regeneratedBy !== (this.regenerableClientId ??= entry.regeneratedBy)) {
      const record: ItemRecord = { key: undefined, text: entry.text, state: entry.state, pending: undefined, size: entry.size };
      materializeState(record, schema, entry.regeneratedBy!);
      entry = { ...entry, state: record.state, regeneratedBy: undefined };
    }
    if (entry.text === undefined) {
      if (entry.key === undefined) return;
      const treeKey = entry.treeKey ?? treeKeyOf(entry.key, schema);
      if (treeKey === undefined) return;
      table.loadTombstone(treeKey, { key: keyAttributes(entry.key, schema), text: undefined, state: entry.state, pending: undefined, size: 0 });
      return;
    }
    if (entry.treeKey === undefined || entry.size === 0) {
      // A format-1 snapshot: no tree keys, maybe no sizes, no index entries: parse the item.
      const item = parseItem(entry.text);
      const treeKey = entry.treeKey ?? treeKeyOf(item, schema);
      if (treeKey === undefined) return;
      table.applyChange(treeKey, { key: undefined, text: undefined, state: entry.state, pending: undefined, size: 0 }, undefined, item, entry.size || itemSize(item), entry.text);
      return;
    }
    const gathered = this.gatheredOf(table);
    gathered.treeKeys.push(entry.treeKey);
    gathered.records.push({ key: undefined, text: entry.text, state: entry.state, pending: undefined, size: entry.size });
  }

  indexEntry(entry: SnapshotIndexEntry): void {
    const table = this.catalog.byTableId(entry.tableId);
    const index = table?.indexes.get(entry.index);
    if (table === undefined || index === undefined) return;
    const gathered = this.gatheredOf(table);
    // An ALL entry is its item's record: the table's view must be there to find it.
    this.buildTable(table, gathered);
    let value: IndexEntry | undefined;
    if (entry.itemTreeKey !== undefined) value = gathered.byTreeKey?.get(entry.itemTreeKey);
    else if (entry.text !== undefined) value = { text: entry.text, size: entry.size };
    if (value === undefined) return;
    let forIndex = gathered.indexes.get(entry.index);
    if (forIndex === undefined) gathered.indexes.set(entry.index, (forIndex = { treeKeys: [], entries: [] }));
    forIndex.treeKeys.push(entry.treeKey);
    forIndex.entries.push(value);
  }

  snapshotLoaded(): void {
    for (const [table, gathered] of this.gathered) {
      this.buildTable(table, gathered);
      for (const [name, { treeKeys, entries }] of gathered.indexes) table.indexes.get(name)?.loadSorted(treeKeys, entries);
    }
    this.gathered.clear();
  }

  record(record: LogRecord): void {
    switch (record.kind) {
      case 'putTable': {
        const existing = this.catalog.byTableId(record.table.id);
        if (existing === undefined) this.catalog.add(record.table);
        else existing.replaceRecord(record.table);
        return;
      }
      case 'deleteTable': {
        const existing = this.catalog.byTableId(record.tableId);
        if (existing !== undefined) this.catalog.remove(existing);
        return;
      }
      case 'write':
        for (const entry of record.entries) this.replay(entry);
    }
  }

  /** Every record still marked regenerable gets its real state (the store's clientID is another). */
  materializeAll(): void {
    if (this.regenerableClientId === undefined) return;
    for (const table of this.catalog.all()) {
      for (const record of table.allRecords()) materializeState(record, table.record.key, this.regenerableClientId);
    }
  }

  reset(): void {
    this.regenerableClientId = undefined;
    this.gathered.clear();
    for (const table of this.catalog.all()) this.catalog.remove(table);
  }

  private gatheredOf(table: TableState): Gathered {
    let gathered = this.gathered.get(table);
    if (gathered === undefined) this.gathered.set(table, (gathered = { treeKeys: [], records: [], built: false, byTreeKey: undefined, indexes: new Map() }));
    return gathered;
  }

  private buildTable(table: TableState, gathered: Gathered): void {
    if (gathered.built) return;
    gathered.built = true;
    table.loadSortedLive(gathered.treeKeys, gathered.records);
    if ([...table.indexes.values()].some((index) => index.definition.projection.type === 'ALL')) {
      gathered.byTreeKey = new Map();
      for (let i = 0; i < gathered.treeKeys.length; i++) gathered.byTreeKey.set(gathered.treeKeys[i]!, gathered.records[i]!);
    }
    gathered.treeKeys = [];
    gathered.records = [];
  }

  private replay(entry: LogEntry): void {
    const table = this.catalog.byTableId(entry.tableId);
    const treeKey = table && treeKeyOf(entry.key, table.record.key);
    if (table === undefined || treeKey === undefined) return;
    const record: ItemRecord = table.recordAt(treeKey) ?? { key: entry.key, text: undefined, state: NO_STATE_TEXT, pending: undefined, size: 0 };
    // Its item is about to change, and with it what a regenerable state would regenerate to.
    if (record.state === REGENERABLE_STATE) materializeState(record, table.record.key, this.regenerableClientId!);
    (record.pending ??= []).push(entry.update);
    table.applyChange(treeKey, record, itemOf(record), entry.item);
  }
}

