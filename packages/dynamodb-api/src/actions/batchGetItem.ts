import { applyProjection, type Item } from '@kuhiro/expressions';
import type { ActionContext } from '../context.js';
import { consumedCapacity, readUnits, tableOnly } from '../items/capacity.js';
import { checkKey } from '../items/keys.js';
import { requireActiveTable } from '../tables/findTable.js';
import type { BatchGetItemInput } from '../validations/batchGetItem.js';

/** Reads every key; a node serves the whole batch, so UnprocessedKeys is always empty. */
export async function batchGetItem(ctx: ActionContext, input: BatchGetItemInput): Promise<object> {
  // Every table and key is checked before anything is read, as AWS fails the whole call.
  const targets = input.tables.map((request) => {
    const table = requireActiveTable(ctx, request.tableName);
    return { request, table, keys: request.keys.map((key) => checkKey(table, key)) };
  });
  const responses: Record<string, Item[]> = {};
  const capacities: object[] = [];
  for (const { request, table, keys } of targets) {
    const items: Item[] = [];
    let units = 0;
    for (const key of keys) {
      const item = ctx.store.getItem(table, key);
      units += readUnits(item, request.consistentRead);
      if (item !== undefined) items.push(request.projection ? applyProjection(item, request.projection) : item);
    }
    responses[request.tableName] = items;
    const capacity = consumedCapacity(input.ReturnConsumedCapacity, request.tableName, tableOnly(units));
    if (capacity) capacities.push(capacity);
  }
  const result: Record<string, unknown> = { Responses: responses, UnprocessedKeys: {} };
  if (capacities.length > 0) result.ConsumedCapacity = capacities;
  return result;
}
