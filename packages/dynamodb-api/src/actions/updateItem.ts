import { applyProjection, type Item } from '@kuhiro/expressions';
import type { ActionContext } from '../context.js';
import { consumedCapacity, writeUnits } from '../items/capacity.js';
import { requireCondition } from '../items/condition.js';
import { planUpdate } from '../items/writePlan.js';
import { itemCollectionMetrics } from '../items/itemCollectionMetrics.js';
import { updatedPaths, type UpdateItemInput } from '../validations/updateItem.js';

export async function updateItem(ctx: ActionContext, input: UpdateItemInput): Promise<object> {
  // No await between planning (read + condition + resolving the update) and write().
  const plan = planUpdate(ctx, input);
  requireCondition(plan, input.ReturnValuesOnConditionCheckFailure);
  const { changes, durable } = ctx.store.write([plan.op!]);
  await durable;
  const { old, new: updated } = changes[0]!;
  const result: Record<string, unknown> = {};
  const attributes = returnedAttributes(input, old, updated);
  if (attributes !== undefined && Object.keys(attributes).length > 0) result.Attributes = attributes;
  const capacity = consumedCapacity(input.ReturnConsumedCapacity, input.TableName, () => writeUnits(plan.table, old, updated));
  if (capacity) result.ConsumedCapacity = capacity;
  const metrics = itemCollectionMetrics(ctx.store, plan.table, plan.key, input.ReturnItemCollectionMetrics);
  if (metrics) result.ItemCollectionMetrics = metrics;
  return result;
}

function returnedAttributes(input: UpdateItemInput, old: Item | undefined, updated: Item | undefined): Item | undefined {
  switch (input.ReturnValues) {
    case 'ALL_OLD':
      return old;
    case 'ALL_NEW':
      return updated;
    case 'UPDATED_OLD':
      return old && applyProjection(old, updatedPaths(input.update));
    case 'UPDATED_NEW':
      return updated && applyProjection(updated, updatedPaths(input.update));
    default:
      return undefined;
  }
}
