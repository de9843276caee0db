import sortedBtree from 'sorted-btree';

// sorted-btree is CommonJS with `exports.default`; under NodeNext the default import is the
// whole `module.exports`, so the class is its `default` member.
const BTree = sortedBtree.default;
type BTree<K, V> = InstanceType<typeof sortedBtree.default<K, V>>;

/** Plain code-unit comparison: tree keys are byte strings (keyEncoding.ts). */
function compareTreeKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A range of tree keys: `from` inclusive unless `afterFrom`, `to` exclusive. */
export interface KeyRange {
  from: string;
  afterFrom?: boolean;
  to: string;
}

/**
 * A sorted map from tree keys to entries, with lazy range walks. A walk re-seeks from the last
 * key it returned (O(log n) per step), so a caller may write to the view between two steps
 * without breaking the walk, which a raw B+tree iterator does not allow.
 */
export class SortedView<V> {
  private readonly tree: BTree<string, V> = new BTree<string, V>(undefined, compareTreeKeys);

  get size(): number {
    return this.tree.size;
  }

  get(key: string): V | undefined {
    return this.tree.get(key);
  }

  set(key: string, value: V): void {
    this.tree.set(key, value, true);
  }

  delete(key: string): boolean {
    return this.tree.delete(key);
  }

  clear(): void {
    this.tree.clear();
  }

  /** Entries with keys in `range`, ascending. */
  *ascending(range: KeyRange): Generator<[string, V]> {
    let pair = range.afterFrom ? this.tree.nextHigherPair(range.from) : this.tree.getPairOrNextHigher(range.from);
    while (pair !== undefined && pair[0] < range.to) {
      yield pair;
      pair = this.tree.nextHigherPair(pair[0]);
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
