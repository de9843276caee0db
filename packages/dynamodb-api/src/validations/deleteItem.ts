import type { ConditionAst, Item } from '@kuhiro/expressions';
import type { ReturnConsumedCapacity } from '../items/capacity.js';
import { checkAttributeMap, checkExpressionParams, checkReturnValuesOldOnly, parseExpressions } from './itemRequest.js';
import { validateInput } from './interpreter.js';
import { legacyConditionOf } from './legacyConditions.js';
import { copyOptions } from './copyOptions.js';
import { KEY } from './spec.js';
import { conditionalWriteSpec, WRITE_RESPONSE_OPTIONS } from './conditionalWrite.js';

export interface DeleteItemInput {
  TableName: string;
  Key: Item;
  condition?: ConditionAst;
  ReturnValues?: 'NONE' | 'ALL_OLD';
  ReturnValuesOnConditionCheckFailure?: 'ALL_OLD' | 'NONE';
  ReturnConsumedCapacity?: ReturnConsumedCapacity;
  ReturnItemCollectionMetrics?: 'SIZE' | 'NONE';
}

const spec = conditionalWriteSpec({ Key: KEY });

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
  copyOptions(wire, input, WRITE_RESPONSE_OPTIONS);
  return input;
}
