import type { DocumentPath, Item } from '@kuhiro/expressions';
import { ValidationException } from '../errors.js';
import type { ReturnConsumedCapacity } from '../items/capacity.js';
import { validateInput } from './interpreter.js';
import { checkAttributeMap, checkAttributesToGet, checkExpressionParams, parseExpressions } from './itemRequest.js';
import { copyOptions } from './copyOptions.js';
import { ATTRIBUTE_MAP, BOOLEAN, EXPRESSION_ATTRIBUTE_NAMES, RETURN_CONSUMED_CAPACITY, STRING, type OperationSpec } from './spec.js';

export interface BatchGetTable {
  tableName: string;
  keys: Item[];
  projection?: DocumentPath[];
  consistentRead: boolean;
}

export interface BatchGetItemInput {
  tables: BatchGetTable[];
  ReturnConsumedCapacity?: ReturnConsumedCapacity;
}

/** AWS accepts at most 100 keys in one BatchGetItem. */
const MAX_KEYS = 100;

const spec: OperationSpec = {
  members: {
    ReturnConsumedCapacity: RETURN_CONSUMED_CAPACITY,
    RequestItems: {
      type: {
        map: {
          type: {
            structure: 'KeysAndAttributes',
            members: {
              Keys: { type: { list: ATTRIBUTE_MAP }, notNull: true, minLength: 1, maxLength: 100 },
              AttributesToGet: { type: { list: { type: 'String' } }, minLength: 1 },
              ConsistentRead: BOOLEAN,
              ProjectionExpression: STRING,
              ExpressionAttributeNames: EXPRESSION_ATTRIBUTE_NAMES,
            },
          },
        },
        valueShape: 'KeysAndAttributes',
      },
      notNull: true,
      minLength: 1,
      keys: { minLength: 3, maxLength: 255, pattern: '[a-zA-Z0-9_.-]+' },
    },
  },
};

export function validateBatchGetItem(body: Record<string, unknown>): BatchGetItemInput {
  const wire = validateInput<Record<string, any>>(body, spec);
  const tables: BatchGetTable[] = [];
  let count = 0;
  for (const [tableName, request] of Object.entries(wire.RequestItems as Record<string, Record<string, any>>)) {
    checkExpressionParams(request, ['ProjectionExpression'], ['AttributesToGet']);
    const seen = new Set<string>();
    const keys: Item[] = [];
    for (const raw of request.Keys as Array<Record<string, unknown>>) {
      const key = checkAttributeMap(raw);
      const text = JSON.stringify(Object.keys(key).sort().map((name) => [name, key[name]]));
      if (seen.has(text)) throw new ValidationException('Provided list of item keys contains duplicates');
      seen.add(text);
      keys.push(key);
      if (++count > MAX_KEYS) throw new ValidationException('Too many items requested for the BatchGetItem call');
    }
    checkAttributesToGet(request.AttributesToGet);
    const parsed = parseExpressions(request);
    const table: BatchGetTable = { tableName, keys, consistentRead: request.ConsistentRead === true };
    const projection = parsed.projection ?? (request.AttributesToGet as string[] | undefined)?.map((name) => [name]);
    if (projection) table.projection = projection;
    tables.push(table);
  }
  const input: BatchGetItemInput = { tables };
  copyOptions(wire, input, ['ReturnConsumedCapacity']);
  return input;
}
