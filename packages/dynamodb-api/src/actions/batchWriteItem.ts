import type { WriteOp } from '@kuhiro/crdt-store';
import type { ActionContext } from '../context.js';
import { ValidationException } from '../errors.js';
import { consumedCapacity, writeUnits } from '../items/capacity.js';
import { checkKey, keyOfItem } from '../items/keys.js';
import { requireActiveTable } from '../tables/findTable.js';
import { collectionMetricsByTable } from '../items/itemCollectionMetrics.js';
import type { BatchWriteItemInput } from '../validations/batchWriteItem.js';

/**
 * All requests are checked first (one bad request fails the whole call, as on AWS), then
 * written as one store write: a node never leaves items unprocessed, so UnprocessedItems
 * is always empty.
 */
export async function batchWriteItem(ctx: ActionContext, input: BatchWriteItemInput): Promise<object> {
  const ops: WriteOp[] = [];
  for (const { tableName, writes } of input.requests) {
    const table = requireActiveTable(ctx, tableName);
    const seen = new Set<string>();
    for (const write of writes) {
      let key;
      try {
        key = 'put' in write ? keyOfItem(table, write.put) : checkKey(table, write.delete);
      } catch (err) {
        // In a batch AWS words every key/schema mismatch the same way.
        if (err instanceof ValidationException && /Missing the key|Type mismatch for key/.test(err.message)) {
          throw new ValidationException('The provided key element does not match the schema');
        }
        throw err;
      }
      const keyText = JSON.stringify(key);
      if (seen.has(keyText)) throw new ValidationException('Provided list of item keys contains duplicates');
      seen.add(keyText);
      ops.push('put' in write ? { table, key, type: 'put', item: write.put } : { table, key, type: 'delete' });
    }
  }
  const { changes, durable } = ctx.store.write(ops);
  await durable;
  const result: Record<string, unknown> = { UnprocessedItems: {} };
  if (input.ReturnConsumedCapacity !== undefined && input.ReturnConsumedCapacity !== 'NONE') {
    const byTable = new Map<string, { table: number; indexes: ReturnType<typeof writeUnits>['indexes'] }>();
    ops.forEach((op, i) => {
      const units = writeUnits(op.table, changes[i]!.old, changes[i]!.new);
      const entry = byTable.get(op.table.name) ?? { table: 0, indexes: [] };
      entry.table += units.table;
      entry.indexes.push(...units.indexes);
      byTable.set(op.table.name, entry);
    });
    result.ConsumedCapacity = [...byTable].map(([name, units]) => consumedCapacity(input.ReturnConsumedCapacity, name, units));
  }
  const metrics = collectionMetricsByTable(ctx, ops, input.ReturnItemCollectionMetrics);
  if (metrics) result.ItemCollectionMetrics = metrics;
  return result;
}
