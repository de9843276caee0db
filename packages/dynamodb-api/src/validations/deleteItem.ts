import type { ConditionAst, Item } from '@kuhiro/expressions';
import type { ReturnConsumedCapacity } from '../items/capacity.js';
import { checkAttributeMap, checkExpressionParams, checkReturnValuesOldOnly, parseExpressions } from './itemRequest.js';
import { validateInput } from './interpreter.js';
import { EXPECTED, legacyConditionOf } from './legacyConditions.js';
import { copyOptions } from './copyOptions.js';
import {
  CONDITIONAL_OPERATOR,
  EXPRESSION_ATTRIBUTE_NAMES,
  EXPRESSION_ATTRIBUTE_VALUES,
  KEY,
  RETURN_CONSUMED_CAPACITY,
  RETURN_ITEM_COLLECTION_METRICS,
  RETURN_VALUES,
  RETURN_VALUES_ON_CONDITION_CHECK_FAILURE,
  STRING,
  TABLE_NAME,
  type OperationSpec,
} from './spec.js';

export interface DeleteItemInput {
  TableName: string;
  Key: Item;
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
    Key: KEY,
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

export function validateDeleteItem(body: Record<string, unknown>): DeleteItemInput {
  const wire = validateInput<Record<string, any>>(body, spec);
  checkExpressionParams(wire, ['ConditionExpression'], ['Expected']);
  const key = checkAttributeMap(wire.Key);
  checkReturnValuesOldOnly(wire.ReturnValues);
  const legacy = legacyConditionOf(wire);
  const parsed = parseExpressions(wire);
  const input: DeleteItemInput = { TableName: wire.TableName, Key: key };
  const condition = parsed.condition ?? legacy;
  if (condition) input.condition = condition;
  copyOptions(wire, input, ['ReturnValues', 'ReturnValuesOnConditionCheckFailure', 'ReturnConsumedCapacity', 'ReturnItemCollectionMetrics']);
  return input;
}
