import type { ConditionAst, Item } from '@kuhiro/expressions';
import { checkAttributeMap, checkExpressionParams, checkItemSize, checkReturnValuesOldOnly, parseExpressions } from './itemRequest.js';
import { validateInput } from './interpreter.js';
import { legacyConditionOf, EXPECTED } from './legacyConditions.js';
import {
  ATTRIBUTE_MAP,
  CONDITIONAL_OPERATOR,
  EXPRESSION_ATTRIBUTE_NAMES,
  EXPRESSION_ATTRIBUTE_VALUES,
  RETURN_CONSUMED_CAPACITY,
  RETURN_ITEM_COLLECTION_METRICS,
  RETURN_VALUES,
  RETURN_VALUES_ON_CONDITION_CHECK_FAILURE,
  STRING,
  TABLE_NAME,
  type OperationSpec,
} from './spec.js';
import type { ReturnConsumedCapacity } from '../items/capacity.js';
import { copyOptions } from './copyOptions.js';

export interface PutItemInput {
  TableName: string;
  Item: Item;
  /** ConditionExpression, or the legacy Expected map turned into the same tree. */
  condition?: ConditionAst;
  ReturnValues?: 'NONE' | 'ALL_OLD';
  ReturnValuesOnConditionCheckFailure?: 'ALL_OLD' | 'NONE';
  ReturnConsumedCapacity?: ReturnConsumedCapacity;
  ReturnItemCollectionMetrics?: 'SIZE' | 'NONE';
}

const spec: OperationSpec = {
  tableNameMember: 'TableName',
  members: {
    ReturnConsumedCapacity: RETURN_CONSUMED_CAPACITY,
    TableName: TABLE_NAME,
    Item: { ...ATTRIBUTE_MAP, notNull: true },
    ConditionalOperator: CONDITIONAL_OPERATOR,
    Expected: EXPECTED,
    ReturnValues: RETURN_VALUES,
    ReturnItemCollectionMetrics: RETURN_ITEM_COLLECTION_METRICS,
    ReturnValuesOnConditionCheckFailure: RETURN_VALUES_ON_CONDITION_CHECK_FAILURE,
    ConditionExpression: STRING,
    ExpressionAttributeValues: EXPRESSION_ATTRIBUTE_VALUES,
    ExpressionAttributeNames: EXPRESSION_ATTRIBUTE_NAMES,
  },
};

export function validatePutItem(body: Record<string, unknown>): PutItemInput {
  const wire = validateInput<Record<string, any>>(body, spec);
  checkExpressionParams(wire, ['ConditionExpression'], ['Expected']);
  const item = checkAttributeMap(wire.Item);
  checkReturnValuesOldOnly(wire.ReturnValues);
  checkItemSize(item);
  const legacy = legacyConditionOf(wire);
  const parsed = parseExpressions(wire);
  const input: PutItemInput = { TableName: wire.TableName, Item: item };
  const condition = parsed.condition ?? legacy;
  if (condition) input.condition = condition;
  copyOptions(wire, input, ['ReturnValues', 'ReturnValuesOnConditionCheckFailure', 'ReturnConsumedCapacity', 'ReturnItemCollectionMetrics']);
  return input;
}
