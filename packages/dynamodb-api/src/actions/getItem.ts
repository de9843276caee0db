import { applyProjection } from '@kuhiro/expressions';
import type { ActionContext } from '../context.js';
import { consumedCapacity, readUnits, readUnitsOfSize, tableOnly } from '../items/capacity.js';
import { checkKey } from '../items/keys.js';
import { parseStored } from '../items/storedReads.js';
import { defineRawJson } from '../items/wireJson.js';
import { requireActiveTable } from '../tables/findTable.js';
import type { GetItemInput } from '../validations/getItem.js';

/**
 * Reads the materialized item. ConsistentRead is accepted and always honoured: a node reads
 * its own latest state (it only changes what the read costs). Without a projection, a store
 * that keeps items as text has the item go out as that text (wireJson.ts).
 */
export async function getItem(ctx: ActionContext, input: GetItemInput): Promise<object> {
  const table = requireActiveTable(ctx, input.TableName);
  const key = checkKey(table, input.Key);
  const result: Record<string, unknown> = {};
  let units: () => number;
  if (ctx.store.getStoredItem) {
    const stored = ctx.store.getStoredItem(table, key);
    if (stored !== undefined) {
      if (input.projection) result.Item = applyProjection(parseStored(stored), input.projection);
      else defineRawJson(result, 'Item', stored.text);
    }
    units = () => readUnitsOfSize(stored?.size ?? 0, input.ConsistentRead === true);
  } else {
    const item = ctx.store.getItem(table, key);
    if (item !== undefined) result.Item = input.projection ? applyProjection(item, input.projection) : item;
    units = () => readUnits(item, input.ConsistentRead === true);
  }
  const capacity = consumedCapacity(input.ReturnConsumedCapacity, input.TableName, () => tableOnly(units()));
  if (capacity) result.ConsumedCapacity = capacity;
  return result;
}
