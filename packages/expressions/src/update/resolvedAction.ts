import type { AttributeValue, SetType } from '../attributeValue.js';

/**
 * A document path as DynamoDB addresses it: attribute and map-key names (strings) and
 * list indexes (numbers), e.g. `a.b[2].c` is ['a', 'b', 2, 'c'].
 */
export type DocumentPath = Array<string | number>;

/**
 * What an UpdateExpression (or PutItem/DeleteItem, or a legacy AttributeUpdates) does to
 * one item, after it has been evaluated against the item's current materialized value.
 * This is the contract between `expressions` (which knows DynamoDB's semantics) and
 * `crdt-store` (which knows how each intent merges with concurrent writes).
 *
 * The actions carry *intent*, not just the resulting value, because intent is what makes
 * concurrent writes merge (DESIGN.md, CRDT semantics): an increment must stay an increment,
 * an append an append, a set-member add an add.
 *
 * Normalization rules that `resolveUpdate` guarantees, so the store stays simple:
 * - A path holds at most one list index, and only as its last element. An action deeper
 *   inside a list element (`SET l[1].x = :v`) is rewritten to a `set` of the whole element
 *   `l[1]` with its new value. `SET l[9] = :v` past the end is rewritten to an `appendList`.
 * - `increment` is used for `ADD n :d`, `SET n = n + :d`, `SET n = :d + n`,
 *   `SET n = n - :d` (delta negated) and `SET n = if_not_exists(n, :i) + :d` (initial :i),
 *   i.e. whenever the number being written is the same path plus a constant. Any other
 *   arithmetic (`SET a = b + :d`) is a plain `set` of the computed value.
 * - `appendList` is used for `SET l = list_append(l, :x)` (position 'end'),
 *   `list_append(:x, l)` ('start'), and the same with `if_not_exists(l, :init)` as the list
 *   operand (initial :init). Any other list_append is a `set`.
 * - Actions are listed in the order DynamoDB applies them; no two paths overlap (the
 *   parser already rejects overlapping paths, as AWS does).
 * - Numbers are canonical decimal strings (see number.ts), set members are unique.
 */
export type ResolvedAction =
  /** Overwrite (or create) the value at `path`, a register write: one winner when concurrent. */
  | { kind: 'set'; path: DocumentPath; value: AttributeValue }
  /** Remove the attribute, map key or list element (by index) at `path`. */
  | { kind: 'remove'; path: DocumentPath }
  /**
   * Add `delta` (a canonical decimal, may be negative) to the number at `path`. When the
   * path does not exist it is created as `initial + delta` (`initial` defaults to "0").
   * Concurrent increments all count (a PN-counter).
   */
  | { kind: 'increment'; path: DocumentPath; delta: string; initial?: string }
  /**
   * Append `values` to the list at `path` (at its end or its start). When the list does not
   * exist it is created from `initial` (default empty). Concurrent appends all survive.
   */
  | { kind: 'appendList'; path: DocumentPath; values: AttributeValue[]; position: 'end' | 'start'; initial?: AttributeValue[] }
  /** Add members to the set at `path` (creating it). Concurrent add and delete: add wins. */
  | { kind: 'addToSet'; path: DocumentPath; setType: SetType; members: string[] }
  /** Delete members from the set at `path`; a set left empty disappears, as in DynamoDB. */
  | { kind: 'deleteFromSet'; path: DocumentPath; setType: SetType; members: string[] };
