import type { AttributeValue, Item } from '../attributeValue.js';
import { cloneItem, cloneValue, parentOf, valueAtPath } from '../documentPath.js';
import { addNumbers } from '../number.js';
import type { DocumentPath, ResolvedAction } from './resolvedAction.js';
import { invalidPathForUpdate } from './updateErrors.js';
import { setOwnMember } from '../ownMember.js';

/** Writes `value` at `path`; a list index at or past the end appends. */
export function writeAtPath(item: Item, path: DocumentPath, value: AttributeValue): void {
  const parent = parentOf(item, path);
  if (!parent) throw invalidPathForUpdate();
  const last = path[path.length - 1]!;
  if ('L' in parent) {
    const index = last as number;
    if (index >= parent.L.length) parent.L.push(value);
    else parent.L[index] = value;
  } else {
    setOwnMember(parent.M, last as string, value);
  }
}

/** Removes the value at `path`; nothing happens when it is not there. */
export function removeAtPath(item: Item, path: DocumentPath): void {
  const parent = parentOf(item, path);
  if (!parent) return;
  const last = path[path.length - 1]!;
  if ('L' in parent) {
    if ((last as number) < parent.L.length) parent.L.splice(last as number, 1);
  } else {
    delete parent.M[last as string];
  }
}

/**
 * The straightforward meaning of a list of ResolvedActions on one item, applied in order.
 * The CRDT store must reach the same item when no concurrent write interferes; tests use
 * this as the reference (and resolveUpdate's newItem equals it).
 */
export function applyResolvedActions(item: Item, actions: ResolvedAction[]): Item {
  const result = cloneItem(item);
  for (const action of actions) {
    const current = valueAtPath(result, action.path);
    switch (action.kind) {
      case 'set':
        writeAtPath(result, action.path, cloneValue(action.value));
        break;
      case 'remove':
        removeAtPath(result, action.path);
        break;
      case 'increment': {
        const base = current && 'N' in current ? current.N : (action.initial ?? '0');
        writeAtPath(result, action.path, { N: addNumbers(base, action.delta) });
        break;
      }
      case 'appendList': {
        const base = current && 'L' in current ? current.L : (action.initial ?? []);
        const values = action.values.map((value) => cloneValue(value));
        writeAtPath(result, action.path, { L: action.position === 'end' ? [...base, ...values] : [...values, ...base] });
        break;
      }
      case 'addToSet': {
        const existing = current ? ((current as Record<string, string[]>)[action.setType] ?? []) : [];
        const members = [...existing, ...action.members.filter((member) => !existing.includes(member))];
        writeAtPath(result, action.path, { [action.setType]: members } as AttributeValue);
        break;
      }
      case 'deleteFromSet': {
        if (!current) break;
        const existing = (current as Record<string, string[]>)[action.setType] ?? [];
        const members = existing.filter((member) => !action.members.includes(member));
        if (members.length === 0) removeAtPath(result, action.path);
        else writeAtPath(result, action.path, { [action.setType]: members } as AttributeValue);
        break;
      }
    }
  }
  return result;
}
