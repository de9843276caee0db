import type { AttributeValue, Item, SetType } from '../attributeValue.js';
import { attributeType } from '../attributeValue.js';
import { cloneValue, firstInnerIndex, parentOf, valueAtPath } from '../documentPath.js';
import { addNumbers, negateNumber } from '../number.js';
import type { UpdateAst, UpdateClause, UpdateValue } from '../parser/ast.js';
import { samePath } from '../parser/operandTypes.js';
import { evaluateUpdateValue } from './evaluateUpdateValue.js';
import type { DocumentPath, ResolvedAction } from './resolvedAction.js';
import { incorrectOperandType, invalidPathForUpdate, keyAttributeUpdate } from './updateErrors.js';
import { WorkingCopy } from './workingCopy.js';

export interface ResolvedUpdate {
  actions: ResolvedAction[];
  newItem: Item;
}

const SET_TYPES: SetType[] = ['SS', 'NS', 'BS'];

/** `n + :d`, `:d + n`, `n - :d`, `if_not_exists(n, :i) +/- :d`: the same path plus a constant. */
function incrementOf(path: DocumentPath, value: UpdateValue): { delta: string; initial?: string } | undefined {
  if (value.kind !== 'plus' && value.kind !== 'minus') return undefined;
  const selfInitial = (operand: UpdateValue): { initial?: string } | undefined => {
    if (operand.kind === 'path' && samePath(operand.path, path)) return {};
    if (operand.kind === 'if_not_exists' && samePath(operand.path, path) && operand.fallback.kind === 'value' && 'N' in operand.fallback.value) {
      return { initial: operand.fallback.value.N };
    }
    return undefined;
  };
  const constant = (operand: UpdateValue): string | undefined =>
    operand.kind === 'value' && 'N' in operand.value ? operand.value.N : undefined;
  const leftSelf = selfInitial(value.left);
  const rightConstant = constant(value.right);
  if (leftSelf && rightConstant !== undefined) {
    return { ...leftSelf, delta: value.kind === 'plus' ? rightConstant : negateNumber(rightConstant) };
  }
  const rightSelf = selfInitial(value.right);
  const leftConstant = constant(value.left);
  if (value.kind === 'plus' && rightSelf && leftConstant !== undefined) return { ...rightSelf, delta: leftConstant };
  return undefined;
}

/** `list_append(l, :x)`, `list_append(:x, l)`, with `if_not_exists(l, :init)` in place of l. */
function appendOf(path: DocumentPath, value: UpdateValue): Omit<ResolvedAction & { kind: 'appendList' }, 'kind' | 'path'> | undefined {
  if (value.kind !== 'list_append') return undefined;
  const selfInitial = (operand: UpdateValue): { initial?: AttributeValue[] } | undefined => {
    if (operand.kind === 'path' && samePath(operand.path, path)) return {};
    if (operand.kind === 'if_not_exists' && samePath(operand.path, path) && operand.fallback.kind === 'value' && 'L' in operand.fallback.value) {
      return { initial: operand.fallback.value.L.map((element) => cloneValue(element)) };
    }
    return undefined;
  };
  const constant = (operand: UpdateValue): AttributeValue[] | undefined =>
    operand.kind === 'value' && 'L' in operand.value ? operand.value.L.map((element) => cloneValue(element)) : undefined;
  const firstSelf = selfInitial(value.first);
  const secondConstant = constant(value.second);
  if (firstSelf && secondConstant) return { ...firstSelf, values: secondConstant, position: 'end' };
  const secondSelf = selfInitial(value.second);
  const firstConstant = constant(value.first);
  if (secondSelf && firstConstant) return { ...secondSelf, values: firstConstant, position: 'start' };
  return undefined;
}

function setTypeOf(value: AttributeValue): SetType | undefined {
  const type = attributeType(value);
  return (SET_TYPES as string[]).includes(type) ? (type as SetType) : undefined;
}

function setMembers(value: AttributeValue, type: SetType): string[] {
  return (value as Record<SetType, string[]>)[type];
}

/**
 * Changes inside a list element (`l[1].x`) are reported as one `set` of the whole element
 * `l[1]` with its final value, emitted by `finish()` before any list element is removed,
 * because the CRDT store keeps list elements as registers (resolvedAction.ts, normalization).
 */
class PhaseEmitter {
  private readonly elements: DocumentPath[] = [];

  constructor(
    private readonly item: Item,
    private readonly actions: ResolvedAction[],
  ) {}

  /** Returns true when the action was captured as a whole-element set. */
  captureElement(path: DocumentPath): boolean {
    const inner = firstInnerIndex(path);
    if (inner < 0) return false;
    const element = path.slice(0, inner + 1);
    if (!this.elements.some((seen) => samePath(seen, element))) this.elements.push(element);
    return true;
  }

  finish(): void {
    for (const element of this.elements) {
      const value = valueAtPath(this.item, element);
      if (value) this.actions.push({ kind: 'set', path: element, value: cloneValue(value) });
    }
    this.elements.length = 0;
  }
}

/** Checks that a write to `path` has a container to land in (AWS refuses to create parents). */
function requireParent(item: Item, path: DocumentPath): void {
  if (!parentOf(item, path)) throw invalidPathForUpdate();
}

/** A list index past the end appends, as DynamoDB does for `SET l[9] = :v`. */
function isAppendIndex(item: Item, path: DocumentPath): boolean {
  const last = path[path.length - 1];
  if (typeof last !== 'number') return false;
  const parent = parentOf(item, path);
  return !!parent && 'L' in parent && last >= parent.L.length;
}

/**
 * Applies an UpdateExpression to an item with DynamoDB's semantics and describes it as
 * ResolvedActions (see resolvedAction.ts for the normalization).
 *
 * `item` is the current item. When the item does not exist yet, pass its key attributes as
 * `item` and `itemExists = false` (so `newItem` holds the key); `item = undefined` means a
 * missing item too, and then `newItem` holds only what the update wrote. Every operand is evaluated
 * against `item` as it was before the update, as DynamoDB does (`SET a = b, b = a` swaps).
 * Actions are applied in phases: SET (in order; appends past a list's end in index order),
 * ADD, DELETE, REMOVE inside list elements, whole-element sets for every change inside a
 * list element, then list elements removed by descending index, then other removals. So
 * every list index refers to the list as it was before the update.
 */
export function resolveUpdate(
  ast: UpdateAst,
  item: Item | undefined,
  keyAttributeNames: string[],
  itemExists: boolean = item !== undefined,
): ResolvedUpdate {
  for (const action of ast.actions) {
    const head = action.path[0] as string;
    if (keyAttributeNames.includes(head)) throw keyAttributeUpdate(head);
  }
  const original = item ?? {};
  const copy = new WorkingCopy(original);
  const working = copy.item;
  const actions: ResolvedAction[] = [];
  const byKind = (kind: UpdateClause['kind']) => ast.actions.filter((action) => action.kind === kind);

  // SET: values are computed from the original item before anything is written.
  const sets = byKind('SET') as Array<UpdateClause & { kind: 'SET' }>;
  const computed = sets.map((action) => evaluateUpdateValue(action.value, original));
  // One emitter for everything before list elements are removed: until then no list index
  // shifts, so a whole-element set can be emitted once, with the element's final value.
  const phase = new PhaseEmitter(working, actions);
  // List elements leave last, from the highest index down (REMOVE l[i], or DELETE emptying
  // a set that is itself a list element), so every index means the original list.
  const listRemovals: Array<{ path: DocumentPath; action: ResolvedAction }> = [];
  // `SET l[9] = :v` past the end appends; several appends to one list go in index order.
  const appends: Array<{ list: DocumentPath; index: number; value: AttributeValue }> = [];
  sets.forEach((action, i) => {
    const value = cloneValue(computed[i]!);
    requireParent(working, action.path);
    if (isAppendIndex(working, action.path) && firstInnerIndex(action.path) < 0) {
      appends.push({ list: action.path.slice(0, -1), index: action.path[action.path.length - 1] as number, value });
      return;
    }
    copy.write(action.path, value);
    if (phase.captureElement(action.path)) return;
    const increment = incrementOf(action.path, action.value);
    if (increment) {
      actions.push({ kind: 'increment', path: action.path, ...increment });
      return;
    }
    const append = appendOf(action.path, action.value);
    if (append) {
      actions.push({ kind: 'appendList', path: action.path, ...append });
      return;
    }
    actions.push({ kind: 'set', path: action.path, value: cloneValue(value) });
  });
  appends.sort((a, b) => a.index - b.index);
  const appendedLists: DocumentPath[] = [];
  for (const { list } of appends) {
    if (appendedLists.some((seen) => samePath(seen, list))) continue;
    appendedLists.push(list);
    const values = appends.filter((append) => samePath(append.list, list)).map((append) => append.value);
    copy.own(list);
    const target = valueAtPath(working, list) as { L: AttributeValue[] };
    target.L.push(...values.map((value) => cloneValue(value)));
    actions.push({ kind: 'appendList', path: list, values, position: 'end' });
  }

  // ADD: numbers are incremented (missing counts as 0), sets gain members.
  for (const action of byKind('ADD') as Array<UpdateClause & { kind: 'ADD' }>) {
    requireParent(working, action.path);
    if (isAppendIndex(working, action.path)) throw invalidPathForUpdate();
    const current = valueAtPath(working, action.path);
    const operandSetType = setTypeOf(action.value);
    if ('N' in action.value) {
      if (current && !('N' in current)) throw incorrectOperandType();
      copy.write(action.path, { N: addNumbers(current ? (current as { N: string }).N : '0', action.value.N) });
      if (!phase.captureElement(action.path)) actions.push({ kind: 'increment', path: action.path, delta: action.value.N });
      continue;
    }
    if (!operandSetType) throw incorrectOperandType();
    if (current && setTypeOf(current) !== operandSetType) throw incorrectOperandType();
    const existing = current ? setMembers(current, operandSetType) : [];
    const members = setMembers(action.value, operandSetType);
    copy.write(action.path, {
      [operandSetType]: [...existing, ...members.filter((member) => !existing.includes(member))],
    } as AttributeValue);
    if (!phase.captureElement(action.path)) actions.push({ kind: 'addToSet', path: action.path, setType: operandSetType, members: [...members] });
  }

  // DELETE: members leave the set; a set left empty disappears; a missing set is no change.
  for (const action of byKind('DELETE') as Array<UpdateClause & { kind: 'DELETE' }>) {
    const current = valueAtPath(working, action.path);
    if (!current) {
      if (action.path.length > 1 && !parentOf(working, action.path)) throw invalidPathForUpdate();
      continue;
    }
    const operandSetType = setTypeOf(action.value);
    if (!operandSetType || setTypeOf(current) !== operandSetType) throw incorrectOperandType();
    const members = setMembers(action.value, operandSetType);
    const remaining = setMembers(current, operandSetType).filter((member) => !members.includes(member));
    const deletion: ResolvedAction = { kind: 'deleteFromSet', path: action.path, setType: operandSetType, members: [...members] };
    const isListElement = typeof action.path[action.path.length - 1] === 'number' && firstInnerIndex(action.path) < 0;
    if (remaining.length === 0 && isListElement) {
      listRemovals.push({ path: action.path, action: deletion });
      continue;
    }
    if (remaining.length === 0) copy.remove(action.path);
    else copy.write(action.path, { [operandSetType]: remaining } as AttributeValue);
    if (!phase.captureElement(action.path)) actions.push(deletion);
  }

  // REMOVE: inside list elements first (no index shifts), then list elements from the
  // highest index down, then map keys and attributes. Removing what is not there is no change.
  const removes = (byKind('REMOVE') as Array<UpdateClause & { kind: 'REMOVE' }>).map((action) => action.path);
  for (const path of removes) {
    // AWS refuses REMOVE x.y when x is missing or not a container, but ignores it on an
    // item that does not exist at all (observed by ScyllaDB's Alternator test suite).
    if (itemExists && !parentOf(working, path)) throw invalidPathForUpdate();
  }
  for (const path of removes.filter((path) => firstInnerIndex(path) >= 0)) {
    if (valueAtPath(working, path) === undefined) continue;
    copy.remove(path);
    phase.captureElement(path);
  }
  phase.finish();
  for (const path of removes) {
    if (firstInnerIndex(path) >= 0 || typeof path[path.length - 1] !== 'number') continue;
    if (valueAtPath(working, path) !== undefined) listRemovals.push({ path, action: { kind: 'remove', path } });
  }
  const lastIndex = (path: DocumentPath): number => path[path.length - 1] as number;
  listRemovals.sort((a, b) => lastIndex(b.path) - lastIndex(a.path));
  for (const { path, action } of listRemovals) {
    copy.remove(path);
    actions.push(action);
  }
  for (const path of removes) {
    if (firstInnerIndex(path) >= 0 || typeof path[path.length - 1] === 'number') continue;
    if (valueAtPath(working, path) === undefined) continue;
    copy.remove(path);
    actions.push({ kind: 'remove', path });
  }
  return { actions, newItem: working };
}
