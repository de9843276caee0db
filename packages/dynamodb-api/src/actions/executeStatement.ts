import { applyProjection, type Item } from '@kuhiro/expressions';
import type { ActionContext } from '../context.js';
import { DuplicateItemException, ValidationException } from '../errors.js';
import { consumedCapacity, writeUnits } from '../items/capacity.js';
import { requireCondition } from '../items/condition.js';
import { executeSelect } from '../partiql/executeSelect.js';
import { planStatementWrite } from '../partiql/planStatementWrite.js';
import type { Statement } from '../partiql/statement.js';
import type { ExecuteStatementInput } from '../validations/executeStatement.js';
import { updatedPaths } from '../validations/updateItem.js';

/** One PartiQL statement: a SELECT reads a page, INSERT/UPDATE/DELETE write one item. */
export async function executeStatement(ctx: ActionContext, input: ExecuteStatementInput): Promise<object> {
  const statement = input.parsed;
  if (statement.kind === 'select') {
    return executeSelect(ctx, statement, {
      source: input.Statement,
      ...(input.Limit !== undefined ? { Limit: input.Limit } : {}),
      ...(input.NextToken !== undefined ? { NextToken: input.NextToken } : {}),
      ...(input.ConsistentRead !== undefined ? { ConsistentRead: input.ConsistentRead } : {}),
      ...(input.ReturnConsumedCapacity !== undefined ? { ReturnConsumedCapacity: input.ReturnConsumedCapacity } : {}),
    });
  }
  if (statement.kind === 'exists') throw new ValidationException('EXISTS can only be used in ExecuteTransaction write requests.');
  // No await between planning (read + condition) and write().
  const plan = planStatementWrite(ctx, statement);
  if (plan.duplicate) throw new DuplicateItemException();
  requireCondition(plan, input.ReturnValuesOnConditionCheckFailure);
  let old: Item | undefined;
  let updated: Item | undefined;
  if (plan.op) {
    const { changes, durable } = ctx.store.write([plan.op]);
    await durable;
    ({ old, new: updated } = changes[0]!);
  }
  const returned = returnedItem(statement, old, updated);
  const result: Record<string, unknown> = { Items: returned && Object.keys(returned).length > 0 ? [returned] : [] };
  const capacity = consumedCapacity(input.ReturnConsumedCapacity, plan.table.name, writeUnits(plan.table, old, updated));
  if (capacity) result.ConsumedCapacity = capacity;
  return result;
}

function returnedItem(statement: Statement, old: Item | undefined, updated: Item | undefined): Item | undefined {
  if (statement.kind !== 'update' && statement.kind !== 'delete') return undefined;
  switch (statement.returning) {
    case 'ALL_OLD':
      return old;
    case 'ALL_NEW':
      return updated;
    case 'UPDATED_OLD':
      return old && statement.kind === 'update' ? applyProjection(old, updatedPaths(statement.update)) : undefined;
    case 'UPDATED_NEW':
      return updated && statement.kind === 'update' ? applyProjection(updated, updatedPaths(statement.update)) : undefined;
    default:
      return undefined;
  }
}
