/**
 * A bounded LRU of live values (hydrated Yjs replicas): a hydrated document costs ~4.4 KB of
 * heap and ~100 µs to build (DESIGN.md), so only hot items keep one. `onEvict` runs for every
 * value that leaves the cache except through `take`, so the owner can save and destroy it.
 */
export class ReplicaCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(
    private readonly capacity: number,
    private readonly onEvict: (id: string, value: V) => void,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** Removes and returns the value; the caller owns it until it puts it back. */
  take(id: string): V | undefined {
    const value = this.entries.get(id);
    if (value !== undefined) this.entries.delete(id);
    return value;
  }

  /** Inserts as most recently used, evicting the least recently used past capacity. */
  put(id: string, value: V): void {
    const previous = this.entries.get(id);
    if (previous !== undefined && previous !== value) this.onEvict(id, previous);
    this.entries.delete(id);
    this.entries.set(id, value);
    while (this.entries.size > this.capacity) {
      const [oldestId, oldest] = this.entries.entries().next().value as [string, V];
      this.entries.delete(oldestId);
      this.onEvict(oldestId, oldest);
    }
  }

  /** The cached values, least recently used first (they stay cached). */
  values(): IterableIterator<V> {
    return this.entries.values();
  }

  /** Evicts every entry whose id satisfies `predicate`. */
  evictWhere(predicate: (id: string) => boolean): void {
    for (const [id, value] of [...this.entries]) {
      if (!predicate(id)) continue;
      this.entries.delete(id);
      this.onEvict(id, value);
    }
  }

  clear(): void {
    this.evictWhere(() => true);
  }
}
