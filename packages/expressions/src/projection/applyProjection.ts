import type { AttributeValue, Item } from '../attributeValue.js';
import { cloneValue, valueAtPath } from '../documentPath.js';
import type { DocumentPath } from '../update/resolvedAction.js';
import { setOwnMember } from '../ownMember.js';

type Node =
  | { kind: 'leaf'; value: AttributeValue }
  | { kind: 'map'; children: Map<string, Node> }
  | { kind: 'list'; children: Map<number, Node> };

function materialize(node: Node): AttributeValue {
  if (node.kind === 'leaf') return cloneValue(node.value);
  if (node.kind === 'map') {
    const map: { [name: string]: AttributeValue } = {};
    for (const [key, child] of node.children) setOwnMember(map, key, materialize(child));
    return { M: map };
  }
  // Projected list elements keep their order but close up: `l[1], l[3]` gives a 2-element list.
  const indexes = [...node.children.keys()].sort((a, b) => a - b);
  return { L: indexes.map((index) => materialize(node.children.get(index)!)) };
}

/**
 * The item as DynamoDB returns it for a ProjectionExpression: only the requested paths,
 * nested maps keep their keys, list elements are gathered in index order; paths that do not
 * exist are left out.
 */
export function applyProjection(item: Item, paths: DocumentPath[]): Item {
  const root: Node & { kind: 'map' } = { kind: 'map', children: new Map() };
  for (const path of paths) {
    const value = valueAtPath(item, path);
    if (value === undefined) continue;
    let node: Node = root;
    for (let i = 0; i < path.length; i++) {
      const step = path[i]!;
      const last = i === path.length - 1;
      const nextKind = typeof path[i + 1] === 'number' ? 'list' : 'map';
      if (node.kind === 'leaf') break; // an enclosing path was projected whole already
      const children = node.children as Map<string | number, Node>;
      if (last) {
        children.set(step, { kind: 'leaf', value });
        break;
      }
      let child = children.get(step);
      if (!child) {
        child = nextKind === 'list' ? { kind: 'list', children: new Map() } : { kind: 'map', children: new Map() };
        children.set(step, child);
      }
      node = child;
    }
  }
  const result: Item = {};
  for (const [name, child] of root.children) setOwnMember(result, name, materialize(child));
  return result;
}
