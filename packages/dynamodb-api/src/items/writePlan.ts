import type { TableRecord, WriteOp } from '@kuhiro/crdt-store';
import { evaluateCondition, resolveUpdate, type ConditionAst, type Item, type UpdateAst } from '@kuhiro/expressions';
import type { ActionContext } from '../context.js';
import { ValidationException } from '../errors.js';
import { requireActiveTable } from '../tables/findTable.js';
import { checkItemSize, translateExpressionError } from '../validations/itemRequest.js';
import { checkIndexKeys, checkKey, keyAttributeNames, keyOfItem } from './keys.js';

/**
 * One item's part of a write, decided against the current materialized item: PutItem,
 * UpdateItem, DeleteItem and each TransactWriteItems entry are planned the same way, then
 * written with one `store.write`. Planning is synchronous: no await may come between
 * planning and the write, which is what keeps condition-check-then-write atomic.
 */
export interface WritePlan {
  table: TableRecord;
  key: Item;
  current: Item | undefined;
  /** False when the condition does not hold on `current`; nothing must be written then. */
  conditionHolds: boolean;
  /** The store op, or undefined when there is nothing to write (check only, missing delete). */
  op: WriteOp | undefined;
}

interface Target {
  TableName: string;
  condition?: ConditionAst;
}

function read(ctx: ActionContext, target: Target, table: TableRecord, key: Item) {
  const current = ctx.store.getItem(table, key);
  const conditionHolds = target.condition === undefined || evaluateCondition(target.condition, current);
  return { current, conditionHolds };
}

/**
 * `readCurrent: false` (PutItem): without a condition the current item is not read, so `current`
 * is undefined: PutItem learns the old item from the write itself (`changes[i].old`), and
 * reading it first cost a tree lookup and a parse of the item's text per put.
 */
export function planPut(ctx: ActionContext, target: Target & { Item: Item }, readCurrent = true): WritePlan {
  const table = requireActiveTable(ctx, target.TableName);
  const key = keyOfItem(table, target.Item);
  const { current, conditionHolds } =
    readCurrent || target.condition !== undefined ? read(ctx, target, table, key) : { current: undefined, conditionHolds: true };
  return { table, key, current, conditionHolds, op: { table, key, type: 'put', item: target.Item } };
}

export function planDelete(ctx: ActionContext, target: Target & { Key: Item }): WritePlan {
  const table = requireActiveTable(ctx, target.TableName);
  const key = checkKey(table, target.Key);
  const { current, conditionHolds } = read(ctx, target, table, key);
  // Deleting an item this node has not seen removes nothing (DESIGN.md: a delete removes what it observed).
  return { table, key, current, conditionHolds, op: current === undefined ? undefined : { table, key, type: 'delete' } };
}

export function planCheck(ctx: ActionContext, target: Target & { Key: Item }): WritePlan {
  const table = requireActiveTable(ctx, target.TableName);
  const key = checkKey(table, target.Key);
  const { current, conditionHolds } = read(ctx, target, table, key);
  return { table, key, current, conditionHolds, op: undefined };
}

export function planUpdate(ctx: ActionContext, target: Target & { Key: Item; update?: UpdateAst }): WritePlan {
  const table = requireActiveTable(ctx, target.TableName);
  const key = checkKey(table, target.Key);
  // AWS refuses a key attribute in the update before it looks at the item.
  const keyNames = keyAttributeNames(table);
  for (const action of target.update?.actions ?? []) {
    const head = action.path[0];
    if (typeof head === 'string' && keyNames.includes(head)) {
      throw new ValidationException(
        `One or more parameter values were invalid: Cannot update attribute ${head}. This attribute is part of the key`,
      );
    }
  }
  const { current, conditionHolds } = read(ctx, target, table, key);
  if (!conditionHolds) return { table, key, current, conditionHolds, op: undefined };
  let resolved;
  try {
    resolved = target.update ? resolveUpdate(target.update, current, keyNames) : { actions: [], newItem: current ?? {} };
  } catch (err) {
    throw translateExpressionError(err);
  }
  // An update always upserts: a missing item is created with its key (even by REMOVE alone).
  const expected: Item = { ...resolved.newItem, ...key };
  checkIndexKeys(table, expected);
  checkItemSize(expected, 'Item size to update has exceeded the maximum allowed size');
  return { table, key, current, conditionHolds, op: { table, key, type: 'update', actions: resolved.actions } };
}
