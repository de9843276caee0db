import type { ConditionAst, Item } from '@kuhiro/expressions';
import type { ActionContext } from '../context.js';
import { ValidationException } from '../errors.js';
import { keyAttributeNames } from '../items/keys.js';
import { planCheck, planDelete, planPut, planUpdate, type WritePlan } from '../items/writePlan.js';
import { requireActiveTable } from '../tables/findTable.js';
import { checkItemSize } from '../validations/itemRequest.js';
import { topLevelEqualities, valuesOf } from './keyConditions.js';
import type { Statement } from './statement.js';

export const INCOMPLETE_KEY = 'Where clause does not contain a mandatory equality on all key attributes';

/** A write statement planned against the current item, as the item operations plan theirs. */
export interface StatementWritePlan extends WritePlan {
  /** An INSERT whose key exists: the write fails with DuplicateItemException. */
  duplicate: boolean;
}

/**
 * Plans INSERT, UPDATE, DELETE and EXISTS (a condition check) with no await, so the caller can
 * write at once (or cancel a transaction). The WHERE clause must name one item by equalities
 * on all key attributes; the whole clause is the condition (so an UPDATE of a missing item
 * fails its condition, as AWS's does).
 */
export function planStatementWrite(ctx: ActionContext, statement: Statement): StatementWritePlan {
  switch (statement.kind) {
    case 'insert': {
      checkItemSize(statement.item);
      const plan = planPut(ctx, { TableName: statement.table, Item: statement.item });
      return { ...plan, duplicate: plan.current !== undefined, op: plan.current === undefined ? plan.op : undefined };
    }
    case 'update': {
      const Key = keyOfWhere(ctx, statement.table, statement.where);
      return { ...planUpdate(ctx, { TableName: statement.table, Key, update: statement.update, condition: statement.where }), duplicate: false };
    }
    case 'delete': {
      const Key = keyOfWhere(ctx, statement.table, statement.where);
      const plan = planDelete(ctx, { TableName: statement.table, Key, condition: statement.where });
      // AWS: deleting a key that does not exist succeeds with nothing deleted, whatever the condition.
      if (plan.current === undefined) return { ...plan, conditionHolds: true, duplicate: false };
      return { ...plan, duplicate: false };
    }
    case 'exists': {
      const select = statement.select;
      if (select.index !== undefined) throw new ValidationException('Operations on indices are not supported in transactions');
      const table = requireActiveTable(ctx, select.table);
      const Key = valuesOf(topLevelEqualities(select.where), keyAttributeNames(table));
      if (!Key) throw new ValidationException('EXISTS() must contain a single item read with additional condition');
      const plan = planCheck(ctx, { TableName: select.table, Key, ...(select.where ? { condition: select.where } : {}) });
      return { ...plan, duplicate: false };
    }
    case 'select':
      throw new Error('planStatementWrite called with a SELECT');
  }
}

function keyOfWhere(ctx: ActionContext, tableName: string, where: ConditionAst): Item {
  const table = requireActiveTable(ctx, tableName);
  const key = valuesOf(topLevelEqualities(where), keyAttributeNames(table));
  if (!key) throw new ValidationException(INCOMPLETE_KEY);
  return key;
}
