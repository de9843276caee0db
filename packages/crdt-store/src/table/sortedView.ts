import sortedBtree from 'sorted-btree';
import { bulkLoad } from 'sorted-btree/extended/bulkLoad.js';
import { flatString } from './flatString.js';

// sorted-btree is CommonJS with `exports.default`; under NodeNext the default import is the
// whole `module.exports`, so the class is its `default` member.
const BTree = sortedBtree.default;
type BTree<K, V> = InstanceType<typeof sortedBtree.default<K, V>>;

/** Plain code-unit comparison: tree keys are byte strings (keyEncoding.ts). */
function compareTreeKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const FIRST_BATCH = 16;
const MAX_BATCH = 256;

function strictlyAscending(keys: string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (!(keys[i - 1]! < keys[i]!)) return false;
  return true;
}

/** A range of tree keys: `from` inclusive unless `afterFrom`, `to` exclusive. */
export interface KeyRange {
  from: string;
  afterFrom?: boolean;
  to: string;
}

/**
 * A sorted map from tree keys to entries, with lazy range walks. A walk re-seeks from the last
 * key it read (O(log n) per batch of entries ascending, per entry descending), so a caller may
 * write to the view between two steps without breaking the walk, which a raw B+tree iterator
 * does not allow.
 */
export class SortedView<V> {
  private tree: BTree<string, V> = new BTree<string, V>(undefined, compareTreeKeys);

  /** Counts changes, so a walk knows when its batch may be out of date. */
  private version = 0;

  get size(): number {
    return this.tree.size;
  }

  get(key: string): V | undefined {
    return this.tree.get(key);
  }

  set(key: string, value: V): void {
    // Keys are built by concatenation; a stored one is kept flat (flatString.ts).
    this.version++;
    this.tree.set(flatString(key), value, true);
  }

  delete(key: string): boolean {
    this.version++;
    return this.tree.delete(key);
  }

  clear(): void {
    this.version++;
    this.tree.clear();
  }

  /**
   * Adds entries whose keys are in strictly ascending order (a restart's snapshot order). Into an
   * empty view they are bulk-built: leaves 80% full, built bottom-up, where inserting in
   * ascending order splits every leaf in half (half-empty leaves) after a binary search per key
   * (a B+tree insert was a quarter of a restart's CPU). Otherwise one by one.
   */
  addSorted(keys: string[], values: V[]): void {
    if (this.tree.size > 0 || !strictlyAscending(keys)) {
      for (let i = 0; i < keys.length; i++) this.set(keys[i]!, values[i]!);
      return;
    }
    for (const key of keys) flatString(key);
    this.version++;
    this.tree = bulkLoad(keys, values, this.tree.maxNodeSize, compareTreeKeys);
  }

  /**
   * Entries with keys in `range`, ascending. Read in batches (16 entries, doubling up to 256): a
   * re-seek from the root per entry was ~6% of a snapshot of 1M items. A change to the view
   * between two steps ends the batch: the next step re-seeks after the last key returned, so a
   * walk sees the view as it is at each step, as with a re-seek per entry.
   */
  *ascending(range: KeyRange): Generator<[string, V]> {
    let from = range.from;
    let skipFrom = range.afterFrom === true;
    let size = FIRST_BATCH;
    for (;;) {
      const version = this.version;
      const wanted = size + (skipFrom ? 1 : 0);
      const batch = this.tree.getRange(from, range.to, false, wanted);
      let i = skipFrom && batch[0]?.[0] === from ? 1 : 0;
      let changed = false;
      for (; i < batch.length; i++) {
        yield batch[i]!;
        if (this.version !== version) {
          changed = true;
          break;
        }
      }
      if (changed) {
        from = batch[i]![0];
        size = FIRST_BATCH;
      } else {
        if (batch.length < wanted) return;
        from = batch[batch.length - 1]![0];
        size = Math.min(size * 2, MAX_BATCH);
      }
      skipFrom = true;
    }
  }

  /** Entries with keys in `range`, descending (from just below `to`). */
  *descending(range: KeyRange): Generator<[string, V]> {
    let pair = this.tree.nextLowerPair(range.to);
    while (pair !== undefined && (range.afterFrom ? pair[0] > range.from : pair[0] >= range.from)) {
      yield pair;
      pair = this.tree.nextLowerPair(pair[0]);
    }
  }
}
