import { applyProjection } from '@kuhiro/expressions';
import type { ActionContext } from '../context.js';
import { checkKey } from '../items/keys.js';
import { defineRawJson, holdsRawJson } from '../items/wireJson.js';
import { requireActiveTable } from '../tables/findTable.js';
import type { TransactGetItemsInput } from '../validations/transactGetItems.js';

/**
 * Reads all items in one synchronous pass: a consistent snapshot on this node. Items without
 * a projection go out as the store keeps them (their JSON texts, wireJson.ts) when the store
 * has stored-form reads.
 */
export async function transactGetItems(ctx: ActionContext, input: TransactGetItemsInput): Promise<object> {
  const targets = input.entries.map((entry) => {
    const table = requireActiveTable(ctx, entry.TableName);
    return { entry, table, key: checkKey(table, entry.Key) };
  });
  const { store } = ctx;
  const responses = targets.map(({ entry, table, key }) => {
    const response: Record<string, unknown> = {};
    if (store.getStoredItem && !entry.projection) {
      const stored = store.getStoredItem(table, key);
      if (stored !== undefined) defineRawJson(response, 'Item', stored.text);
      return response;
    }
    const item = store.getItem(table, key);
    if (item !== undefined) response.Item = entry.projection ? applyProjection(item, entry.projection) : item;
    return response;
  });
  return holdsRawJson({ Responses: holdsRawJson(responses) });
}
