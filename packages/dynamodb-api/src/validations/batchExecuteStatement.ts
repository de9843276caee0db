import type { ReturnConsumedCapacity } from '../items/capacity.js';
import { copyOptions } from './copyOptions.js';
import { validateInput } from './interpreter.js';
import { PARAMETERS, STATEMENT } from './partiqlStatement.js';
import { BOOLEAN, RETURN_CONSUMED_CAPACITY, RETURN_VALUES_ON_CONDITION_CHECK_FAILURE, type OperationSpec } from './spec.js';

export interface BatchStatementRequest {
  Statement: string;
  Parameters?: unknown[];
  ConsistentRead?: boolean;
  ReturnValuesOnConditionCheckFailure?: 'ALL_OLD' | 'NONE';
}

/**
 * Statements are parsed by the action, one by one: a statement that does not parse fails
 * alone, with its own Error entry, as AWS reports it.
 */
export interface BatchExecuteStatementInput {
  Statements: BatchStatementRequest[];
  ReturnConsumedCapacity?: ReturnConsumedCapacity;
}

/** BatchExecuteStatement and BatchWriteItem both stop at 25 requests. */
export const MAX_BATCH_STATEMENTS = 25;

const spec: OperationSpec = {
  members: {
    Statements: {
      type: {
        list: {
          type: {
            structure: 'BatchStatementRequest',
            members: {
              Statement: STATEMENT,
              Parameters: PARAMETERS,
              ConsistentRead: BOOLEAN,
              ReturnValuesOnConditionCheckFailure: RETURN_VALUES_ON_CONDITION_CHECK_FAILURE,
            },
          },
        },
      },
      notNull: true,
      minLength: 1,
      maxLength: MAX_BATCH_STATEMENTS,
    },
    ReturnConsumedCapacity: RETURN_CONSUMED_CAPACITY,
  },
};

export function validateBatchExecuteStatement(body: Record<string, unknown>): BatchExecuteStatementInput {
  const wire = validateInput<Record<string, any>>(body, spec);
  const input: BatchExecuteStatementInput = { Statements: wire.Statements };
  copyOptions(wire, input, ['ReturnConsumedCapacity']);
  return input;
}
