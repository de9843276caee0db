/**
 * Syntax trees by expression text. Applications send the same few expression strings over
 * and over (only ExpressionAttributeValues change), so the tokenizer and the syntax parser
 * run once per distinct text. What is cached is the raw tree, before names and values are
 * substituted and the semantic checks run: those depend on the request and always run. Trees
 * are frozen, so a checker that mutated one would fail loudly instead of corrupting the next
 * request. Failed parses are not cached (their error is built again each time).
 *
 * Bounded first-in, first-out: a hit costs one Map lookup (keeping a least-recently-used
 * order cost a delete and a set per hit, which showed in the Query profile). An application
 * with more distinct texts than the bound re-parses an evicted one once, then has it again.
 */
export class ParseCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly capacity: number) {}

  /** The cached tree of `key`, or `parse()`'s result (frozen, then cached; the oldest entry goes when full). */
  get(key: string, parse: () => V): V {
    const hit = this.entries.get(key);
    if (hit !== undefined) return hit;
    const value = deepFreeze(parse());
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, value);
    return value;
  }

  get size(): number {
    return this.entries.size;
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  // A WeakSet (the parser's record of parenthesized nodes) has no members to walk.
  if (value instanceof WeakSet) return value;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
  return value;
}
