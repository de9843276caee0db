import type { ActionContext } from '../context.js';
import { consumedCapacity, writeUnits } from '../items/capacity.js';
import { requireCondition } from '../items/condition.js';
import { planDelete } from '../items/writePlan.js';
import { itemCollectionMetrics } from '../items/itemCollectionMetrics.js';
import type { DeleteItemInput } from '../validations/deleteItem.js';

export async function deleteItem(ctx: ActionContext, input: DeleteItemInput): Promise<object> {
  // No await between planning (read + condition) and write().
  const plan = planDelete(ctx, input);
  requireCondition(plan, input.ReturnValuesOnConditionCheckFailure);
  const result: Record<string, unknown> = {};
  if (plan.op) {
    const { durable } = ctx.store.write([plan.op]);
    await durable;
    if (input.ReturnValues === 'ALL_OLD') result.Attributes = plan.current;
  }
  const capacity = consumedCapacity(input.ReturnConsumedCapacity, input.TableName, () => writeUnits(plan.table, plan.current, undefined));
  if (capacity) result.ConsumedCapacity = capacity;
  const metrics = itemCollectionMetrics(ctx.store, plan.table, plan.key, input.ReturnItemCollectionMetrics);
  if (metrics) result.ItemCollectionMetrics = metrics;
  return result;
}
