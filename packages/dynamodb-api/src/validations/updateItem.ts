import type { ConditionAst, DocumentPath, Item, UpdateAst } from '@kuhiro/expressions';
import type { ReturnConsumedCapacity } from '../items/capacity.js';
import { checkAttributeMap, checkExpressionParams, parseExpressions } from './itemRequest.js';
import { validateInput } from './interpreter.js';
import { ATTRIBUTE_UPDATES, legacyUpdateOf } from './legacyAttributeUpdates.js';
import { EXPECTED, legacyConditionOf } from './legacyConditions.js';
import { copyOptions } from './copyOptions.js';
import { WRITE_RESPONSE_OPTIONS } from './conditionalWrite.js';
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

export interface UpdateItemInput {
  TableName: string;
  Key: Item;
  /** UpdateExpression, or the legacy AttributeUpdates as the same tree; absent = touch only. */
  update?: UpdateAst;
  condition?: ConditionAst;
  ReturnValues?: 'NONE' | 'ALL_OLD' | 'UPDATED_OLD' | 'ALL_NEW' | 'UPDATED_NEW';
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
    AttributeUpdates: ATTRIBUTE_UPDATES,
    ConditionalOperator: CONDITIONAL_OPERATOR,
    Expected: EXPECTED,
    ReturnValues: RETURN_VALUES,
    ReturnItemCollectionMetrics: RETURN_ITEM_COLLECTION_METRICS,
    ReturnValuesOnConditionCheckFailure: RETURN_VALUES_ON_CONDITION_CHECK_FAILURE,
    UpdateExpression: STRING,
    ConditionExpression: STRING,
    ExpressionAttributeValues: EXPRESSION_ATTRIBUTE_VALUES,
    ExpressionAttributeNames: EXPRESSION_ATTRIBUTE_NAMES,
  },
};

export function validateUpdateItem(body: Record<string, unknown>): UpdateItemInput {
  const wire = validateInput<Record<string, any>>(body, spec);
  checkExpressionParams(wire, ['UpdateExpression', 'ConditionExpression'], ['AttributeUpdates', 'Expected']);
  const key = checkAttributeMap(wire.Key);
  const legacyUpdate = legacyUpdateOf(wire.AttributeUpdates);
  const legacyCondition = legacyConditionOf(wire);
  const parsed = parseExpressions(wire);
  const input: UpdateItemInput = { TableName: wire.TableName, Key: key };
  const update = parsed.update ?? legacyUpdate;
  if (update) input.update = update;
  const condition = parsed.condition ?? legacyCondition;
  if (condition) input.condition = condition;
  copyOptions(wire, input, WRITE_RESPONSE_OPTIONS);
  return input;
}

/** The document paths an update touches, for UPDATED_OLD / UPDATED_NEW. */
export function updatedPaths(update: UpdateAst | undefined): DocumentPath[] {
  return update ? update.actions.map((action) => action.path) : [];
}
