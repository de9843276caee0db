import type { AttributeValue, DocumentPath, ResolvedAction } from '@kuhiro/expressions';
import type { MapSnapshot, NodeInfo } from './mapSnapshot.js';
import type { ListReader } from './materialize.js';
import { childNodeKey, containerKey, ROOT } from './pathKeys.js';
import { elementValue, elementVisible, type Register } from './registers.js';

/**
 * Where an action lands, resolved against the item before the write: DynamoDB evaluates every
 * path of one UpdateExpression against the item as it was (REMOVE l[1], l[3] removes the
 * second and the fourth element).
 */
export type ActionTarget =
  | { kind: 'node'; ancestors: NodeInfo[]; key: string; node: NodeInfo | undefined }
  | {
      kind: 'element';
      ancestors: NodeInfo[];
      arrayName: string;
      /** Index in the Y.Array of the addressed element; undefined past the end. */
      position: number | undefined;
      current: AttributeValue | undefined;
    };

/**
 * Resolves an action's path; throws (an internal error: the API layer validates paths against
 * the same item first) when it leads through something that is not a map or list, or when the
 * action does not fit the type it finds.
 */
export function resolveTarget(action: ResolvedAction, snapshot: MapSnapshot, readList: ListReader): ActionTarget {
  const path = action.path;
  if (path.length === 0) throw new Error('ItemReplica: empty document path');
  let container = ROOT;
  const ancestors: NodeInfo[] = [];
  for (let i = 0; i < path.length - 1; i++) {
    const segment = path[i];
    if (typeof segment !== 'string') throw new Error(`ItemReplica: list index inside path ${describePath(path)}`);
    const key = childNodeKey(container, segment);
    const node = snapshot.nodes.get(key);
    const expected = typeof path[i + 1] === 'number' ? 'L' : 'M';
    if (node?.winner === undefined || node.winner.t !== expected) {
      throw new Error(`ItemReplica: path ${describePath(path)} does not exist in the item`);
    }
    ancestors.push(node);
    container = containerKey(key, node.winner.g);
  }
  const last = path[path.length - 1]!;
  if (typeof last === 'number') {
    const list = ancestors[ancestors.length - 1];
    if (list?.winner === undefined) throw new Error(`ItemReplica: path ${describePath(path)} has no list`);
    const elements = readList(container);
    const positions: number[] = [];
    elements.forEach((element, position) => {
      if (elementVisible(element, list.winner!)) positions.push(position);
    });
    const position = positions[last];
    return {
      kind: 'element',
      ancestors,
      arrayName: container,
      position,
      current: position === undefined ? undefined : elementValue(elements[position]!),
    };
  }
  const key = childNodeKey(container, last);
  const node = snapshot.nodes.get(key);
  checkKind(action, node?.winner, path);
  return { kind: 'node', ancestors, key, node };
}

/** For applying element actions from the highest position down; appends past the end first. */
export function elementPosition(target: ActionTarget): number {
  return target.kind === 'element' ? (target.position ?? Number.MAX_SAFE_INTEGER) : -1;
}

function describePath(path: DocumentPath): string {
  return path.map((segment) => (typeof segment === 'number' ? `[${segment}]` : `.${segment}`)).join('').slice(1);
}

function checkKind(action: ResolvedAction, register: Register | undefined, path: DocumentPath): void {
  if (register === undefined) return;
  const expected =
    action.kind === 'increment' ? 'N' : action.kind === 'appendList' ? 'L' : action.kind === 'addToSet' || action.kind === 'deleteFromSet' ? action.setType : undefined;
  if (expected !== undefined && register.t !== expected) {
    throw new Error(`ItemReplica: ${action.kind} on ${describePath(path)}, which holds ${register.t}`);
  }
}
