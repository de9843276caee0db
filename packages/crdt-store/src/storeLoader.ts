import type { Item } from '@kuhiro/expressions';
import type { Catalog } from './catalog.js';
import { NO_STATE_TEXT, stateToText } from './item/stateText.js';
import type { LoadSink, LogEntry, LogRecord, SnapshotItem } from './persistence/persistenceAdapter.js';
import type { ItemRecord } from './table/tableState.js';
import { treeKeyOf } from './table/treeKey.js';
import type { KeySchema, TableRecord } from './types.js';

/**
 * Rebuilds the catalog and items from a snapshot and the log tail without touching Yjs:
 * snapshot items and log entries both carry the materialized item, and a replayed update is
 * only queued on its item (`ItemRecord.pending`) until the item is next hydrated or snapshotted.
 */
export class StoreLoader implements LoadSink {
  constructor(private readonly catalog: Catalog) {}

  table(record: TableRecord): void {
    this.catalog.add(record);
  }

  item(item: SnapshotItem): void {
    const table = this.catalog.byTableId(item.tableId);
    const keySource = item.key ?? item.item;
    const treeKey = table && keySource && treeKeyOf(keySource, table.record.key);
    if (table === undefined || keySource === undefined || treeKey === undefined) return;
    const record: ItemRecord = { key: keyAttributes(keySource, table.record.key), item: undefined, state: stateToText(item.state), size: 0 };
    table.applyChange(treeKey, record, undefined, item.item, item.size || undefined);
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

  private replay(entry: LogEntry): void {
    const table = this.catalog.byTableId(entry.tableId);
    const treeKey = table && treeKeyOf(entry.key, table.record.key);
    if (table === undefined || treeKey === undefined) return;
    const record = table.recordAt(treeKey) ?? { key: entry.key, item: undefined, state: NO_STATE_TEXT, size: 0 };
    (record.pending ??= []).push(entry.update);
    table.applyChange(treeKey, record, record.item, entry.item);
  }
}

function keyAttributes(item: Item, key: KeySchema): Item {
  const result: Item = {};
  for (const attribute of [...key.partition, ...key.sort]) result[attribute.name] = item[attribute.name]!;
  return result;
}
