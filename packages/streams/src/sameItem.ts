import type { AttributeValue, Item } from '@kuhiro/expressions';

/**
 * Whether two materialized items are equal as DynamoDB values: map keys in any order, set
 * members in any order. A write that changed nothing is reported by the store with equal old and
 * new items; AWS writes no stream record for it.
 */
export function sameItem(a: Item | undefined, b: Item | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return sameMap(a, b);
}

function sameMap(a: Record<string, AttributeValue>, b: Record<string, AttributeValue>): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => b[key] !== undefined && sameValue(a[key]!, b[key]!));
}

function sameValue(a: AttributeValue, b: AttributeValue): boolean {
  const [typeA, valueA] = Object.entries(a)[0] as [string, unknown];
  const [typeB, valueB] = Object.entries(b)[0] as [string, unknown];
  if (typeA !== typeB) return false;
  switch (typeA) {
    case 'M':
      return sameMap(valueA as Item, valueB as Item);
    case 'L': {
      const listA = valueA as AttributeValue[];
      const listB = valueB as AttributeValue[];
      return listA.length === listB.length && listA.every((value, i) => sameValue(value, listB[i]!));
    }
    case 'SS':
    case 'NS':
    case 'BS': {
      const setA = [...(valueA as string[])].sort();
      const setB = [...(valueB as string[])].sort();
      return setA.length === setB.length && setA.every((member, i) => member === setB[i]);
    }
    default:
      return valueA === valueB;
  }
}
