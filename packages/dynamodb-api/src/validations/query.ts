import type { ConditionAst, DocumentPath, Item } from '@kuhiro/expressions';
import { ValidationException } from '../errors.js';
import type { ReturnConsumedCapacity } from '../items/capacity.js';
import type { Select } from '../items/readPage.js';
import { validateInput } from './interpreter.js';
import { checkAttributesToGet, checkExpressionParams, parseExpressions } from './itemRequest.js';
import { copyOptions } from './copyOptions.js';
import { CONDITION_MAP, legacyFilterOf } from './legacyConditions.js';
import { checkSelect, checkStartKey, projectionOf, SELECT } from './readRequest.js';
import {
  ATTRIBUTE_MAP,
  ATTRIBUTES_TO_GET,
  BOOLEAN,
  CONDITIONAL_OPERATOR,
  EXPRESSION_ATTRIBUTE_NAMES,
  EXPRESSION_ATTRIBUTE_VALUES,
  INDEX_NAME,
  RETURN_CONSUMED_CAPACITY,
  STRING,
  TABLE_NAME,
  type OperationSpec,
} from './spec.js';

export interface QueryInput {
  TableName: string;
  IndexName?: string;
  keyCondition: ConditionAst;
  filter?: ConditionAst;
  /** How AWS names the filter in messages: 'Filter Expression' or the legacy 'QueryFilter'. */
  filterLabel?: string;
  projection?: DocumentPath[];
  Select?: Select;
  Limit?: number;
  ConsistentRead?: boolean;
  ScanIndexForward?: boolean;
  ExclusiveStartKey?: Item;
  ReturnConsumedCapacity?: ReturnConsumedCapacity;
}

const spec: OperationSpec = {
  tableNameMember: 'TableName',
  members: {
    AttributesToGet: ATTRIBUTES_TO_GET,
    TableName: TABLE_NAME,
    IndexName: INDEX_NAME,
    Select: SELECT,
    Limit: { type: 'Integer', min: 1 },
    ConsistentRead: BOOLEAN,
    ConditionalOperator: CONDITIONAL_OPERATOR,
    ScanIndexForward: BOOLEAN,
    ExclusiveStartKey: ATTRIBUTE_MAP,
    ReturnConsumedCapacity: RETURN_CONSUMED_CAPACITY,
    ProjectionExpression: STRING,
    FilterExpression: STRING,
    KeyConditionExpression: STRING,
    ExpressionAttributeNames: EXPRESSION_ATTRIBUTE_NAMES,
    ExpressionAttributeValues: EXPRESSION_ATTRIBUTE_VALUES,
    KeyConditions: CONDITION_MAP,
    QueryFilter: CONDITION_MAP,
  },
};

export function validateQuery(body: Record<string, unknown>): QueryInput {
  const wire = validateInput<Record<string, any>>(body, spec);
  checkExpressionParams(
    wire,
    ['ProjectionExpression', 'FilterExpression', 'KeyConditionExpression'],
    ['AttributesToGet', 'QueryFilter', 'ConditionalOperator', 'KeyConditions'],
  );
  checkAttributesToGet(wire.AttributesToGet);
  const startKey = checkStartKey(wire.ExclusiveStartKey);
  if (wire.KeyConditions === undefined && wire.KeyConditionExpression === undefined) {
    throw new ValidationException('Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.');
  }
  const legacyFilter = legacyFilterOf(wire.QueryFilter, wire.ConditionalOperator);
  const legacyKeyCondition = legacyKeyConditionOf(wire.KeyConditions);
  const parsed = parseExpressions(wire);
  checkSelect(wire.Select, wire.ProjectionExpression !== undefined ? 'ProjectionExpression' : wire.AttributesToGet !== undefined ? 'AttributesToGet' : undefined, wire.IndexName !== undefined);
  const input: QueryInput = { TableName: wire.TableName, keyCondition: (parsed.keyCondition ?? legacyKeyCondition)! };
  const filter = parsed.filter ?? legacyFilter;
  if (filter) input.filter = filter;
  if (legacyFilter) input.filterLabel = 'QueryFilter';
  const projection = projectionOf(parsed.projection, wire.AttributesToGet);
  if (projection) input.projection = projection;
  if (startKey) input.ExclusiveStartKey = startKey;
  copyOptions(wire, input, ['IndexName', 'Select', 'Limit', 'ConsistentRead', 'ScanIndexForward', 'ReturnConsumedCapacity']);
  return input;
}

const INDEXABLE = ['EQ', 'LE', 'LT', 'GE', 'GT', 'BEGINS_WITH', 'BETWEEN'];

/** Legacy KeyConditions as the tree a KeyConditionExpression gives, with AWS's checks. */
function legacyKeyConditionOf(conditions: Record<string, { ComparisonOperator?: string }> | undefined): ConditionAst | undefined {
  if (conditions === undefined) return undefined;
  const count = Object.keys(conditions).length;
  for (const condition of Object.values(conditions)) {
    if (!INDEXABLE.includes(condition.ComparisonOperator!)) {
      throw new ValidationException('Attempted conditional constraint is not an indexable operation');
    }
  }
  const tree = legacyFilterOf(conditions);
  if (count !== 1 && count !== 2) throw new ValidationException('Conditions can be of length 1 or 2 only');
  return tree;
}
