import { ValidationException } from '../errors.js';
import type { ReturnConsumedCapacity } from '../items/capacity.js';
import type { Statement } from '../partiql/statement.js';
import { copyOptions } from './copyOptions.js';
import { validateInput } from './interpreter.js';
import { PARAMETERS, parseWithParameters, STATEMENT } from './partiqlStatement.js';
import { RETURN_CONSUMED_CAPACITY, RETURN_VALUES_ON_CONDITION_CHECK_FAILURE, type OperationSpec } from './spec.js';
import { MAX_TRANSACT_ITEMS } from './transactWriteItems.js';

export interface TransactionStatement {
  parsed: Statement;
  ReturnValuesOnConditionCheckFailure?: 'ALL_OLD' | 'NONE';
}

export interface ExecuteTransactionInput {
  statements: TransactionStatement[];
  /** Canonical text of the request's statements, for ClientRequestToken idempotency. */
  fingerprint: string;
  ClientRequestToken?: string;
  ReturnConsumedCapacity?: ReturnConsumedCapacity;
}

const spec: OperationSpec = {
  members: {
    TransactStatements: {
      type: {
        list: {
          type: {
            structure: 'ParameterizedStatement',
            members: {
              Statement: STATEMENT,
              Parameters: PARAMETERS,
              ReturnValuesOnConditionCheckFailure: RETURN_VALUES_ON_CONDITION_CHECK_FAILURE,
            },
          },
        },
      },
      notNull: true,
      minLength: 1,
      maxLength: MAX_TRANSACT_ITEMS,
    },
    ClientRequestToken: { type: 'String', minLength: 1, maxLength: 36 },
    ReturnConsumedCapacity: RETURN_CONSUMED_CAPACITY,
  },
};

export function validateExecuteTransaction(body: Record<string, unknown>): ExecuteTransactionInput {
  const wire = validateInput<Record<string, any>>(body, spec);
  const raw = wire.TransactStatements as Array<Record<string, any>>;
  const statements = raw.map((entry, i): TransactionStatement => {
    let parsed: Statement;
    try {
      parsed = parseWithParameters(entry.Statement, entry.Parameters);
    } catch (err) {
      // AWS names the failing entry of a multi-statement request.
      if (err instanceof ValidationException) throw new ValidationException(`Validation failed in statements[${i}]: ${err.message}`);
      throw err;
    }
    const statement: TransactionStatement = { parsed };
    copyOptions(entry, statement, ['ReturnValuesOnConditionCheckFailure']);
    return statement;
  });
  const reads = statements.filter((s) => s.parsed.kind === 'select').length;
  if (reads > 0 && reads < statements.length) throw new ValidationException('Unsupported operation in transaction.');
  const input: ExecuteTransactionInput = { statements, fingerprint: JSON.stringify(raw) };
  copyOptions(wire, input, ['ClientRequestToken', 'ReturnConsumedCapacity']);
  return input;
}
