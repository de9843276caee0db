import { addNumbers, setOwnMember, type AttributeValue, type Item } from '@kuhiro/expressions';
import { cloneValue } from './cloneValue.js';
import type { ContainerInfo, MapSnapshot, NodeInfo } from './mapSnapshot.js';
import { containerKey, ROOT } from './pathKeys.js';
import { elementValue, elementVisible, type ListElement, type Register } from './registers.js';

/** Reads the elements of a list's Y.Array (named by the list's container key). */
export type ListReader = (arrayName: string) => ListElement[];

const EMPTY_CONTAINER: ContainerInfo = { nodes: [], members: new Map() };

/**
 * The item's non-key attributes, or undefined when it does not exist: it exists while an
 * existence tag or a register of a top-level attribute is live (itemWriter.ts).
 */
export function materializeItem(snapshot: MapSnapshot, readList: ListReader): Item | undefined {
  if (!itemExists(snapshot)) return undefined;
  return materializeMap(snapshot, ROOT, readList);
}

export function itemExists(snapshot: MapSnapshot): boolean {
  return snapshot.existenceKeys.length > 0 || (snapshot.containers.get(ROOT)?.nodes.length ?? 0) > 0;
}

function materializeMap(snapshot: MapSnapshot, container: string, readList: ListReader): { [name: string]: AttributeValue } {
  const result: { [name: string]: AttributeValue } = {};
  for (const node of (snapshot.containers.get(container) ?? EMPTY_CONTAINER).nodes) {
    const value = materializeNode(snapshot, node, readList);
    if (value !== undefined) setOwnMember(result, node.name, value);
  }
  return result;
}

/**
 * A node's value under its winning register; children of any other generation (orphans of a
 * replaced or concurrently re-typed container) are never visited.
 */
export function materializeNode(snapshot: MapSnapshot, node: NodeInfo, readList: ListReader): AttributeValue | undefined {
  const register = node.winner;
  if (register === undefined) return undefined;
  if (register.t === 'V') return cloneValue(register.v);
  const container = containerKey(node.key, register.g);
  switch (register.t) {
    case 'N':
      return { N: counterValue(register, node) };
    case 'SS':
    case 'NS':
    case 'BS': {
      const members = snapshot.containers.get(container)?.members;
      // DynamoDB has no empty sets: a set whose members were all removed is absent.
      if (members === undefined || members.size === 0) return undefined;
      // Y.Map iteration order differs between replicas; sorting makes every replica answer alike.
      const sorted = [...members.keys()].sort();
      return register.t === 'SS' ? { SS: sorted } : register.t === 'NS' ? { NS: sorted } : { BS: sorted };
    }
    case 'M':
      return { M: materializeMap(snapshot, container, readList) };
    case 'L':
      return { L: visibleElements(readList(container), register).map((element) => cloneValue(elementValue(element))) };
  }
}

export function visibleElements(elements: ListElement[], list: Register): ListElement[] {
  return elements.filter((element) => elementVisible(element, list));
}

/** base + every writer's net increments in the winning generation, exact. */
export function counterValue(winner: Extract<Register, { t: 'N' }>, node: NodeInfo): string {
  // Summed in writer order so that every replica computes the same thing even in the corner
  // case below.
  const slots = node.registers
    .filter((r) => r.value.t === 'N' && r.value.g === winner.g && r.value.s !== undefined)
    .sort((a, b) => (a.writer < b.writer ? -1 : a.writer > b.writer ? 1 : 0));
  let sum = winner.base;
  for (const slot of slots) {
    try {
      sum = addNumbers(sum, (slot.value as { s: string }).s);
    } catch {
      // Concurrent increments, each valid where it was made, can together leave DynamoDB's
      // range (38 digits, 1E-130..1E126). The sum stops at the last representable value
      // rather than making the item unreadable.
    }
  }
  return sum;
}
