import type { ConditionAst, Item } from '@kuhiro/expressions';
import { checkAttributeMap, checkExpressionParams, checkItemSize, checkReturnValuesOldOnly, parseExpressions } from './itemRequest.js';
import { validateInput } from './interpreter.js';
import { legacyConditionOf } from './legacyConditions.js';
import { ATTRIBUTE_MAP } from './spec.js';
import { conditionalWriteSpec, WRITE_RESPONSE_OPTIONS } from './conditionalWrite.js';
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

const spec = conditionalWriteSpec({ Item: { ...ATTRIBUTE_MAP, notNull: true } });

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
  copyOptions(wire, input, WRITE_RESPONSE_OPTIONS);
  return input;
}
