import { applyProjection } from '@kuhiro/expressions';
import type { ActionContext } from '../context.js';
import { checkKey } from '../items/keys.js';
import { requireActiveTable } from '../tables/findTable.js';
import type { TransactGetItemsInput } from '../validations/transactGetItems.js';

/** Reads all items in one synchronous pass: a consistent snapshot on this node. */
export async function transactGetItems(ctx: ActionContext, input: TransactGetItemsInput): Promise<object> {
  const targets = input.entries.map((entry) => {
    const table = requireActiveTable(ctx, entry.TableName);
    return { entry, table, key: checkKey(table, entry.Key) };
  });
  const responses = targets.map(({ entry, table, key }) => {
    const item = ctx.store.getItem(table, key);
    if (item === undefined) return {};
    return { Item: entry.projection ? applyProjection(item, entry.projection) : item };
  });
  return { Responses: responses };
}
