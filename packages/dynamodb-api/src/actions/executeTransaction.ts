import type { WriteOp } from '@kuhiro/crdt-store';
import type { ActionContext } from '../context.js';
import { TransactionCanceledException, ValidationException, type CancellationReason } from '../errors.js';
import { planStatementWrite, type StatementWritePlan } from '../partiql/planStatementWrite.js';
import { readOneItem } from '../partiql/readOneItem.js';
import type { ExecuteTransactionInput } from '../validations/executeTransaction.js';

const MISSING_KEY = 'Select statements within ExecuteTransaction must specify the primary key in the where clause.';

/**
 * Up to 100 statements, all reads or all writes (EXISTS counts as a write: it is a condition
 * check). Writes are planned together with no await and written as one store write, so the
 * transaction is atomic and isolated on the node, exactly as TransactWriteItems is.
 */
export async function executeTransaction(ctx: ActionContext, input: ExecuteTransactionInput): Promise<object> {
  if (input.statements[0]!.parsed.kind === 'select') return readAll(ctx, input);
  if (input.ClientRequestToken === undefined) return writeAll(ctx, input);
  return ctx.transactionTokens.run(ctx.request.tenant, input.ClientRequestToken, input.fingerprint, () => writeAll(ctx, input));
}

async function readAll(ctx: ActionContext, input: ExecuteTransactionInput): Promise<object> {
  const responses = input.statements.map(({ parsed }) => {
    // The validation let only all-read transactions through to here.
    const item = readOneItem(ctx, parsed as Extract<typeof parsed, { kind: 'select' }>, true, MISSING_KEY);
    return item ? { Item: item } : {};
  });
  return { Responses: responses };
}

async function writeAll(ctx: ActionContext, input: ExecuteTransactionInput): Promise<object> {
  const plans: StatementWritePlan[] = input.statements.map(({ parsed }) => planStatementWrite(ctx, parsed));
  const seen = new Set<string>();
  for (const plan of plans) {
    const id = JSON.stringify([plan.table.id, plan.key]);
    if (seen.has(id)) throw new ValidationException('Transaction request cannot include multiple operations on one item');
    seen.add(id);
  }
  if (plans.some((p) => p.duplicate || !p.conditionHolds)) {
    const reasons = plans.map((plan, i): CancellationReason => {
      if (plan.duplicate) return { Code: 'DuplicateItem', Message: 'Duplicate primary key exists in table' };
      if (plan.conditionHolds) return { Code: 'None' };
      const reason: CancellationReason = { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' };
      if (input.statements[i]!.ReturnValuesOnConditionCheckFailure === 'ALL_OLD' && plan.current) reason.Item = plan.current;
      return reason;
    });
    throw new TransactionCanceledException(reasons);
  }
  const ops = plans.map((p) => p.op).filter((op): op is WriteOp => op !== undefined);
  if (ops.length > 0) await ctx.store.write(ops).durable;
  return {};
}
