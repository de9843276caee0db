import type { Store, TableRecord } from '@kuhiro/crdt-store';
import { applyProjection, type DocumentPath, type Item } from '@kuhiro/expressions';
import type { ActionContext } from '../context.js';
import { consumedCapacity, readUnits, readUnitsOfSize, tableOnly } from '../items/capacity.js';
import { checkKey } from '../items/keys.js';
import { defineRawJson, holdsRawJson, jsonArrayOf } from '../items/wireJson.js';
import { requireActiveTable } from '../tables/findTable.js';
import type { BatchGetItemInput } from '../validations/batchGetItem.js';

/**
 * Reads every key; a node serves the whole batch, so UnprocessedKeys is always empty. A table's
 * items without a projection go out as the store keeps them (their JSON texts, wireJson.ts)
 * when the store has stored-form reads.
 */
export async function batchGetItem(ctx: ActionContext, input: BatchGetItemInput): Promise<object> {
  // Every table and key is checked before anything is read, as AWS fails the whole call.
  const targets = input.tables.map((request) => {
    const table = requireActiveTable(ctx, request.tableName);
    return { request, table, keys: request.keys.map((key) => checkKey(table, key)) };
  });
  const responses: Record<string, unknown> = holdsRawJson({});
  const capacities: object[] = [];
  for (const { request, table, keys } of targets) {
    const { units } = readTable(ctx.store, table, keys, request, responses);
    const capacity = consumedCapacity(input.ReturnConsumedCapacity, request.tableName, tableOnly(units));
    if (capacity) capacities.push(capacity);
  }
  const result: Record<string, unknown> = holdsRawJson({ Responses: responses, UnprocessedKeys: {} });
  if (capacities.length > 0) result.ConsumedCapacity = capacities;
  return result;
}

/** Puts one table's items into `responses[tableName]`; returns the read units. */
function readTable(
  store: Store,
  table: TableRecord,
  keys: Item[],
  request: { tableName: string; consistentRead: boolean; projection?: DocumentPath[] | undefined },
  responses: Record<string, unknown>,
): { units: number } {
  let units = 0;
  const items: Item[] = [];
  if (store.getStoredItem && !request.projection) {
    const texts: string[] = [];
    for (const key of keys) {
      const stored = store.getStoredItem(table, key);
      units += readUnitsOfSize(stored?.size ?? 0, request.consistentRead);
      if (stored !== undefined) texts.push(stored.text);
    }
    defineRawJson(responses, request.tableName, jsonArrayOf(texts));
    return { units };
  }
  for (const key of keys) {
    const item = store.getItem(table, key);
    units += readUnits(item, request.consistentRead);
    if (item !== undefined) items.push(request.projection ? applyProjection(item, request.projection) : item);
  }
  responses[request.tableName] = items;
  return { units };
}
