import type { AttributeValue, Item } from './attributeValue.js';
import type { DocumentPath } from './update/resolvedAction.js';


/** The value at a document path, or undefined when any step is missing or of the wrong type. */
export function valueAtPath(item: Item | undefined, path: DocumentPath): AttributeValue | undefined {
  if (!item || path.length === 0) return undefined;
  let current: AttributeValue | undefined = Object.prototype.hasOwnProperty.call(item, path[0]!) ? item[path[0] as string] : undefined;
  for (let i = 1; i < path.length && current !== undefined; i++) {
    const step = path[i]!;
    if (typeof step === 'number') current = 'L' in current ? current.L[step] : undefined;
    else current = 'M' in current && Object.prototype.hasOwnProperty.call(current.M, step) ? current.M[step] : undefined;
  }
  return current;
}

/** Deep copy of a value (values are plain JSON, so structuredClone is not needed). */
export function cloneValue<T extends AttributeValue>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export function cloneItem(item: Item): Item {
  return JSON.parse(JSON.stringify(item)) as Item;
}

/**
 * The container that holds the last step of `path`: the item itself (as a map) or a nested
 * M/L value; undefined when a step on the way is missing or not a container.
 */
export function parentOf(item: Item, path: DocumentPath): { M: { [name: string]: AttributeValue } } | { L: AttributeValue[] } | undefined {
  if (path.length === 1) return { M: item };
  const parent = valueAtPath(item, path.slice(0, -1));
  const last = path[path.length - 1];
  if (!parent) return undefined;
  if (typeof last === 'number') return 'L' in parent ? parent : undefined;
  return 'M' in parent ? parent : undefined;
}

/** Index of the first list index that is not the last step, or -1. */
export function firstInnerIndex(path: DocumentPath): number {
  for (let i = 0; i < path.length - 1; i++) if (typeof path[i] === 'number') return i;
  return -1;
}
