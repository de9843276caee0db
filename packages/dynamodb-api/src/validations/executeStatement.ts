import type { ReturnConsumedCapacity } from '../items/capacity.js';
import type { Statement } from '../partiql/statement.js';
import { copyOptions } from './copyOptions.js';
import { validateInput } from './interpreter.js';
import { PARAMETERS, parseWithParameters, STATEMENT } from './partiqlStatement.js';
import { BOOLEAN, RETURN_CONSUMED_CAPACITY, RETURN_VALUES_ON_CONDITION_CHECK_FAILURE, type OperationSpec } from './spec.js';

export interface ExecuteStatementInput {
  Statement: string;
  parsed: Statement;
  ConsistentRead?: boolean;
  NextToken?: string;
  Limit?: number;
  ReturnConsumedCapacity?: ReturnConsumedCapacity;
  ReturnValuesOnConditionCheckFailure?: 'ALL_OLD' | 'NONE';
}

const spec: OperationSpec = {
  members: {
    Statement: STATEMENT,
    Parameters: PARAMETERS,
    ConsistentRead: BOOLEAN,
    NextToken: { type: 'String', minLength: 1, maxLength: 32768 },
    ReturnConsumedCapacity: RETURN_CONSUMED_CAPACITY,
    Limit: { type: 'Integer', min: 1 },
    ReturnValuesOnConditionCheckFailure: RETURN_VALUES_ON_CONDITION_CHECK_FAILURE,
  },
};

export function validateExecuteStatement(body: Record<string, unknown>): ExecuteStatementInput {
  const wire = validateInput<Record<string, any>>(body, spec);
  const input: ExecuteStatementInput = { Statement: wire.Statement, parsed: parseWithParameters(wire.Statement, wire.Parameters) };
  copyOptions(wire, input, ['ConsistentRead', 'NextToken', 'Limit', 'ReturnConsumedCapacity', 'ReturnValuesOnConditionCheckFailure']);
  return input;
}
