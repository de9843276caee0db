import { parseRequestExpressions, type AttributeValue, type Item, type UpdateValue } from '@kuhiro/expressions';
import type { Bound } from './boundedTag.js';

/** One decrement of a bounded counter that a request asks for. */
export interface Decrement {
  tableName: string;
  key: Item;
  attribute: string;
  /** How much the value goes down (a positive integer). */
  quantity: number;
  /** The attribute's bound (`kuhiro:bounded`). */
  min: number;
  /** Index of the write within its request (TransactItems position, for CancellationReasons). */
  position: number;
}

type Delta = { kind: 'delta'; amount: number } | { kind: 'other' };

function integerOf(value: AttributeValue): number | undefined {
  const n = (value as { N?: unknown }).N;
  if (typeof n !== 'string') return undefined;
  const parsed = Number(n);
  return Number.isSafeInteger(parsed) && /^-?\d+$/.test(n.trim()) ? parsed : undefined;
}

const isOwnPath = (value: UpdateValue, attribute: string) =>
  value.kind === 'path' && value.path.length === 1 && value.path[0] === attribute;

/** `SET a = a - :q`, `SET a = a + :d`, `SET a = :d + a` as a signed integer delta; anything else is `other`. */
function setDelta(value: UpdateValue, attribute: string): Delta {
  if (value.kind !== 'plus' && value.kind !== 'minus') return { kind: 'other' };
  const { left, right } = value;
  if (isOwnPath(left, attribute) && right.kind === 'value') {
    const amount = integerOf(right.value);
    if (amount === undefined) return { kind: 'other' };
    return { kind: 'delta', amount: value.kind === 'plus' ? amount : -amount };
  }
  if (value.kind === 'plus' && isOwnPath(right, attribute) && left.kind === 'value') {
    const amount = integerOf(left.value);
    return amount === undefined ? { kind: 'other' } : { kind: 'delta', amount };
  }
  return { kind: 'other' };
}

/**
 * How an UpdateItem (or a transaction's Update) treats a table's bounded attributes:
 * `plain` if it leaves them alone or only increments them (a restock is an ordinary local
 * write: counters merge), the decrements if it only decrements them by integer constants,
 * `central` for anything escrow cannot account for (SET a = :v, REMOVE a, a nested path,
 * a non-integer amount, legacy AttributeUpdates). A request whose expressions do not parse
 * is `plain`: the local API refuses it with the ValidationException and changes nothing.
 */
export function classifyUpdate(
  tableName: string,
  key: Item,
  request: Record<string, unknown>,
  bounds: Map<string, Bound>,
): 'plain' | 'central' | Decrement[] {
  if (request.AttributeUpdates !== undefined) return 'central';
  let parsed;
  try {
    parsed = parseRequestExpressions({
      UpdateExpression: request.UpdateExpression as string | undefined,
      ExpressionAttributeNames: request.ExpressionAttributeNames as Record<string, string> | undefined,
      ExpressionAttributeValues: request.ExpressionAttributeValues as Record<string, unknown> | undefined,
    });
  } catch {
    return 'plain';
  }
  const decrements: Decrement[] = [];
  for (const action of parsed.update?.actions ?? []) {
    const attribute = action.path[0];
    if (typeof attribute !== 'string') continue;
    const bound = bounds.get(attribute);
    if (!bound) continue;
    if (action.path.length !== 1) return 'central';
    let delta: Delta = { kind: 'other' };
    if (action.kind === 'SET') delta = setDelta(action.value, attribute);
    else if (action.kind === 'ADD') {
      const amount = integerOf(action.value);
      if (amount !== undefined) delta = { kind: 'delta', amount };
    }
    if (delta.kind === 'other') return 'central';
    if (delta.amount < 0) decrements.push({ tableName, key, attribute, quantity: -delta.amount, min: bound.min, position: 0 });
  }
  return decrements.length > 0 ? decrements : 'plain';
}
