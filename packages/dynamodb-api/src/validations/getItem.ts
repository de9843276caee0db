import type { DocumentPath, Item } from '@kuhiro/expressions';
import type { ReturnConsumedCapacity } from '../items/capacity.js';
import { checkAttributeMap, checkAttributesToGet, checkExpressionParams, parseExpressions } from './itemRequest.js';
import { validateInput } from './interpreter.js';
import { copyOptions } from './copyOptions.js';
import { ATTRIBUTES_TO_GET, BOOLEAN, EXPRESSION_ATTRIBUTE_NAMES, KEY, RETURN_CONSUMED_CAPACITY, STRING, TABLE_NAME, type OperationSpec } from './spec.js';

export interface GetItemInput {
  TableName: string;
  Key: Item;
  /** ProjectionExpression paths, or AttributesToGet as one-element paths. */
  projection?: DocumentPath[];
  ConsistentRead?: boolean;
  ReturnConsumedCapacity?: ReturnConsumedCapacity;
}

const spec: OperationSpec = {
  tableNameMember: 'TableName',
  members: {
    AttributesToGet: ATTRIBUTES_TO_GET,
    TableName: TABLE_NAME,
    Key: KEY,
    ConsistentRead: BOOLEAN,
    ReturnConsumedCapacity: RETURN_CONSUMED_CAPACITY,
    ProjectionExpression: STRING,
    ExpressionAttributeNames: EXPRESSION_ATTRIBUTE_NAMES,
  },
};

export function validateGetItem(body: Record<string, unknown>): GetItemInput {
  const wire = validateInput<Record<string, any>>(body, spec);
  checkExpressionParams(wire, ['ProjectionExpression'], ['AttributesToGet']);
  const key = checkAttributeMap(wire.Key);
  checkAttributesToGet(wire.AttributesToGet);
  const parsed = parseExpressions(wire);
  const input: GetItemInput = { TableName: wire.TableName, Key: key };
  const projection = parsed.projection ?? (wire.AttributesToGet as string[] | undefined)?.map((name) => [name]);
  if (projection) input.projection = projection;
  copyOptions(wire, input, ['ConsistentRead', 'ReturnConsumedCapacity']);
  return input;
}
