import type { ActionContext } from '../context.js';
import { DynamoDbError, DuplicateItemException, ValidationException } from '../errors.js';
import { requireCondition } from '../items/condition.js';
import { planStatementWrite, INCOMPLETE_KEY } from '../partiql/planStatementWrite.js';
import { readOneItem } from '../partiql/readOneItem.js';
import type { BatchExecuteStatementInput, BatchStatementRequest } from '../validations/batchExecuteStatement.js';
import { parseWithParameters } from '../validations/partiqlStatement.js';

/**
 * Up to 25 single-item statements, each on its own: one that fails gets an `Error` entry
 * (`Code` is AWS's BatchStatementErrorCodeEnum) and the others still run, in order, each
 * seeing the writes of the statements before it. All writes are acknowledged together.
 */
export async function batchExecuteStatement(ctx: ActionContext, input: BatchExecuteStatementInput): Promise<object> {
  const durable: Promise<void>[] = [];
  const responses = input.Statements.map((request) => {
    const tableName = tableNameOf(request.Statement);
    try {
      return { ...runOne(ctx, request, durable), ...(tableName ? { TableName: tableName } : {}) };
    } catch (err) {
      if (!(err instanceof DynamoDbError) || err.status >= 500) throw err;
      const error: Record<string, unknown> = { Code: errorCode(err), Message: err.message };
      if ('item' in err && err.item !== undefined) error.Item = err.item;
      return { Error: error, ...(tableName ? { TableName: tableName } : {}) };
    }
  });
  await Promise.all(durable);
  return { Responses: responses };
}

function runOne(ctx: ActionContext, request: BatchStatementRequest, durable: Promise<void>[]): Record<string, unknown> {
  const statement = parseWithParameters(request.Statement, request.Parameters);
  if (statement.kind === 'select') {
    const item = readOneItem(ctx, statement, request.ConsistentRead === true, INCOMPLETE_KEY);
    return item ? { Item: item } : {};
  }
  if (statement.kind === 'exists') throw new ValidationException('EXISTS can only be used in ExecuteTransaction write requests.');
  const plan = planStatementWrite(ctx, statement);
  if (plan.duplicate) throw new DuplicateItemException();
  requireCondition(plan, request.ReturnValuesOnConditionCheckFailure);
  if (plan.op) durable.push(ctx.store.write([plan.op]).durable);
  return {};
}

/** `ConditionalCheckFailedException` -> `ConditionalCheckFailed`; validation is `ValidationError`. */
function errorCode(err: DynamoDbError): string {
  const name = err.type.slice(err.type.indexOf('#') + 1);
  if (name === 'ValidationException') return 'ValidationError';
  return name.replace(/Exception$/, '');
}

/** AWS names the table in each response, also for a statement that failed. */
function tableNameOf(source: string): string | undefined {
  const match = /\b(?:FROM|INTO|UPDATE)\s+("(?:[^"]|"")+"|[A-Za-z0-9_.-]+)/i.exec(source);
  return match ? match[1]!.replace(/^"|"$/g, '').replace(/""/g, '"') : undefined;
}
