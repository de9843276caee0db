import type { WriteOp } from '@kuhiro/crdt-store';
import type { ActionContext } from '../context.js';
import { TransactionCanceledException, ValidationException, type CancellationReason } from '../errors.js';
import { consumedCapacity, writeUnits } from '../items/capacity.js';
import { planCheck, planDelete, planPut, planUpdate, type WritePlan } from '../items/writePlan.js';
import { collectionMetricsByTable } from '../items/itemCollectionMetrics.js';
import type { TransactWriteEntry, TransactWriteItemsInput } from '../validations/transactWriteItems.js';

/**
 * All entries are planned against the current items with no await in between, and written
 * as one store write (one log record, one replication unit), so the transaction is atomic
 * and isolated on this node. Any failed condition cancels all of it with one reason per
 * entry, in request order, as AWS reports them.
 */
export async function transactWriteItems(ctx: ActionContext, input: TransactWriteItemsInput): Promise<object> {
  if (input.ClientRequestToken === undefined) return execute(ctx, input);
  // Validated entries are canonical (numbers normalized), so equal requests print equal.
  const fingerprint = JSON.stringify(input.entries);
  return ctx.transactionTokens.run(ctx.request.tenant, input.ClientRequestToken, fingerprint, () => execute(ctx, input));
}

async function execute(ctx: ActionContext, input: TransactWriteItemsInput): Promise<object> {
  const plans = input.entries.map((entry) => plan(ctx, entry));
  const seen = new Set<string>();
  for (const p of plans) {
    const id = JSON.stringify([p.table.id, p.key]);
    if (seen.has(id)) throw new ValidationException('Transaction request cannot include multiple operations on one item');
    seen.add(id);
  }
  if (plans.some((p) => !p.conditionHolds)) {
    const reasons = plans.map((p, i): CancellationReason => {
      if (p.conditionHolds) return { Code: 'None' };
      const reason: CancellationReason = { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' };
      if (input.entries[i]!.ReturnValuesOnConditionCheckFailure === 'ALL_OLD' && p.current) reason.Item = p.current;
      return reason;
    });
    throw new TransactionCanceledException(reasons);
  }
  const ops = plans.map((p) => p.op).filter((op): op is WriteOp => op !== undefined);
  const written = ops.length > 0 ? ctx.store.write(ops) : undefined;
  await written?.durable;
  const result: Record<string, unknown> = {};
  if (input.ReturnConsumedCapacity !== undefined && input.ReturnConsumedCapacity !== 'NONE' && written) {
    // Transactional writes cost twice a plain write (AWS prepares and commits each item).
    const byTable = new Map<string, ReturnType<typeof writeUnits>>();
    ops.forEach((op, i) => {
      const units = writeUnits(op.table, written.changes[i]!.old, written.changes[i]!.new);
      const entry = byTable.get(op.table.name) ?? { table: 0, indexes: [] };
      entry.table += 2 * units.table;
      entry.indexes.push(...units.indexes.map((u) => ({ ...u, units: 2 * u.units })));
      byTable.set(op.table.name, entry);
    });
    result.ConsumedCapacity = [...byTable].map(([name, units]) => consumedCapacity(input.ReturnConsumedCapacity, name, units));
  }
  const metrics = collectionMetricsByTable(ctx, ops, input.ReturnItemCollectionMetrics);
  if (metrics) result.ItemCollectionMetrics = metrics;
  return result;
}

function plan(ctx: ActionContext, entry: TransactWriteEntry): WritePlan {
  switch (entry.kind) {
    case 'Put':
      return planPut(ctx, entry);
    case 'Delete':
      return planDelete(ctx, entry);
    case 'Update':
      return planUpdate(ctx, entry);
    case 'ConditionCheck':
      return planCheck(ctx, entry);
  }
}
