import type { ActionContext } from '../context.js';
import { consumedCapacity, writeUnits } from '../items/capacity.js';
import { requireCondition } from '../items/condition.js';
import { planPut } from '../items/writePlan.js';
import { itemCollectionMetrics } from '../items/itemCollectionMetrics.js';
import type { PutItemInput } from '../validations/putItem.js';

export async function putItem(ctx: ActionContext, input: PutItemInput): Promise<object> {
  // No await between planning (read + condition) and write().
  const plan = planPut(ctx, input, false); // the old item comes from the write's changes
  requireCondition(plan, input.ReturnValuesOnConditionCheckFailure);
  const { changes, durable } = ctx.store.write([plan.op!]);
  await durable;
  const old = changes[0]!.old;
  const result: Record<string, unknown> = {};
  if (input.ReturnValues === 'ALL_OLD' && old !== undefined) result.Attributes = old;
  const capacity = consumedCapacity(input.ReturnConsumedCapacity, input.TableName, () => writeUnits(plan.table, old, input.Item));
  if (capacity) result.ConsumedCapacity = capacity;
  const metrics = itemCollectionMetrics(ctx.store, plan.table, input.Item, input.ReturnItemCollectionMetrics);
  if (metrics) result.ItemCollectionMetrics = metrics;
  return result;
}
