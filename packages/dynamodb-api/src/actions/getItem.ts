import { applyProjection } from '@kuhiro/expressions';
import type { ActionContext } from '../context.js';
import { consumedCapacity, readUnits, tableOnly } from '../items/capacity.js';
import { checkKey } from '../items/keys.js';
import { requireActiveTable } from '../tables/findTable.js';
import type { GetItemInput } from '../validations/getItem.js';

/**
 * Reads the materialized item. ConsistentRead is accepted and always honoured: a node reads
 * its own latest state (it only changes what the read costs).
 */
export async function getItem(ctx: ActionContext, input: GetItemInput): Promise<object> {
  const table = requireActiveTable(ctx, input.TableName);
  const key = checkKey(table, input.Key);
  const item = ctx.store.getItem(table, key);
  const result: Record<string, unknown> = {};
  if (item !== undefined) result.Item = input.projection ? applyProjection(item, input.projection) : item;
  const capacity = consumedCapacity(input.ReturnConsumedCapacity, input.TableName, () => tableOnly(readUnits(item, input.ConsistentRead === true)));
  if (capacity) result.ConsumedCapacity = capacity;
  return result;
}
