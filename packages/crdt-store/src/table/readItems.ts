import type { Item } from '@kuhiro/expressions';
import { KuhiroError } from '../kuhiroError.js';
import type { KeySchema, QueryOptions, ScanOptions, StoredItem } from '../types.js';
import type { IndexEntry, IndexView } from './indexView.js';
import { queryRange, resumeAfter } from './keyRanges.js';
import type { KeyRange, SortedView } from './sortedView.js';
import type { TableState } from './tableState.js';
import { encodeKeyValue, PREFIX_END } from './keyEncoding.js';
import { partitionPrefix, segmentStartHash, treeKeyBoundOfHash, treeKeyOf } from './treeKey.js';

/** The view a read walks: the table's items or one index, with the key schema that orders it. */
interface ReadTarget {
  view: SortedView<IndexEntry>;
  key: KeySchema;
  /** Tree key of an ExclusiveStartKey in this view. */
  startKeyOf(startKey: Item): string;
}

function readTarget(table: TableState, indexName: string | undefined): ReadTarget {
  if (indexName === undefined) {
    return {
      view: table.items,
      key: table.record.key,
      startKeyOf: (startKey) => required(treeKeyOf(startKey, table.record.key), 'ExclusiveStartKey'),
    };
  }
  const index: IndexView | undefined = table.indexes.get(indexName);
  if (index === undefined) throw new KuhiroError('ERR_INDEX_NOT_FOUND', `The table does not have the specified index: ${indexName}`);
  return {
    view: index.entries,
    key: index.definition.key,
    startKeyOf: (startKey) => required(index.treeKeyOf(startKey), 'ExclusiveStartKey'),
  };
}

function required(treeKey: string | undefined, what: string): string {
  if (treeKey === undefined) throw new KuhiroError('ERR_INVALID_KEY', `${what} does not hold every key attribute of the right type`);
  return treeKey;
}

/** The stored items of a walk (views hold live items only; the check is for the type). */
function* storedOf(entries: Iterable<[string, IndexEntry]>): Generator<StoredItem> {
  for (const [, entry] of entries) if (entry.text !== undefined) yield entry as StoredItem;
}

/** A Query: one partition, in sort-key order (forward or backward), resuming after ExclusiveStartKey. */
export function queryStored(table: TableState, options: QueryOptions): Iterable<StoredItem> {
  const target = readTarget(table, options.index);
  if (options.partition.length !== target.key.partition.length) {
    throw new KuhiroError('ERR_INVALID_KEY', 'Query needs a value for every partition key attribute');
  }
  let encodedPartition = '';
  target.key.partition.forEach((attribute, i) => (encodedPartition += encodeKeyValue(options.partition[i]!, attribute.type)));
  const forward = options.forward ?? true;
  const range = resumeAfter(
    queryRange(partitionPrefix(encodedPartition), target.key.sort[0], options.sortCondition),
    options.exclusiveStartKey && target.startKeyOf(options.exclusiveStartKey),
    forward,
  );
  return storedOf(forward ? target.view.ascending(range) : target.view.descending(range));
}

/** A Scan: the whole view (or one parallel segment) in tree order, resuming after ExclusiveStartKey. */
export function scanStored(table: TableState, options: ScanOptions): Iterable<StoredItem> {
  const target = readTarget(table, options.index);
  let range: KeyRange = { from: '', to: PREFIX_END };
  if (options.totalSegments !== undefined && options.totalSegments > 1) {
    const segment = options.segment ?? 0;
    range = {
      from: treeKeyBoundOfHash(segmentStartHash(segment, options.totalSegments)),
      to: treeKeyBoundOfHash(segmentStartHash(segment + 1, options.totalSegments)),
    };
  }
  range = resumeAfter(range, options.exclusiveStartKey && target.startKeyOf(options.exclusiveStartKey), true);
  return storedOf(target.view.ascending(range));
}
