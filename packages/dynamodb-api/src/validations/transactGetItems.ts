import type { DocumentPath, Item } from '@kuhiro/expressions';
import type { ReturnConsumedCapacity } from '../items/capacity.js';
import { validateInput } from './interpreter.js';
import { checkAttributeMap, parseExpressions } from './itemRequest.js';
import { copyOptions } from './copyOptions.js';
import { EXPRESSION_ATTRIBUTE_NAMES, KEY, RETURN_CONSUMED_CAPACITY, STRING, TABLE_NAME, type OperationSpec } from './spec.js';
import { MAX_TRANSACT_ITEMS } from './transactWriteItems.js';

export interface TransactGetEntry {
  TableName: string;
  Key: Item;
  projection?: DocumentPath[];
}

export interface TransactGetItemsInput {
  entries: TransactGetEntry[];
  ReturnConsumedCapacity?: ReturnConsumedCapacity;
}

const spec: OperationSpec = {
  members: {
    TransactItems: {
      type: {
        list: {
          type: {
            structure: 'TransactGetItem',
            members: {
              Get: {
                type: {
                  structure: 'Get',
                  members: { TableName: TABLE_NAME, Key: KEY, ProjectionExpression: STRING, ExpressionAttributeNames: EXPRESSION_ATTRIBUTE_NAMES },
                },
                notNull: true,
              },
            },
          },
        },
      },
      notNull: true,
      minLength: 1,
      maxLength: MAX_TRANSACT_ITEMS,
    },
    ReturnConsumedCapacity: RETURN_CONSUMED_CAPACITY,
  },
};

export function validateTransactGetItems(body: Record<string, unknown>): TransactGetItemsInput {
  const wire = validateInput<Record<string, any>>(body, spec);
  const entries = (wire.TransactItems as Array<{ Get: Record<string, any> }>).map(({ Get: get }) => {
    const entry: TransactGetEntry = { TableName: get.TableName, Key: checkAttributeMap(get.Key) };
    const parsed = parseExpressions(get);
    if (parsed.projection) entry.projection = parsed.projection;
    return entry;
  });
  const input: TransactGetItemsInput = { entries };
  copyOptions(wire, input, ['ReturnConsumedCapacity']);
  return input;
}
