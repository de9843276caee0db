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

export interface ScanInput {
  TableName: string;
  IndexName?: string;
  filter?: ConditionAst;
  projection?: DocumentPath[];
  Select?: Select;
  Limit?: number;
  ConsistentRead?: boolean;
  Segment?: number;
  TotalSegments?: number;
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
    Segment: { type: 'Integer', min: 0, max: 999999 },
    TotalSegments: { type: 'Integer', min: 1, max: 1000000 },
    ExclusiveStartKey: ATTRIBUTE_MAP,
    ReturnConsumedCapacity: RETURN_CONSUMED_CAPACITY,
    ProjectionExpression: STRING,
    FilterExpression: STRING,
    ExpressionAttributeNames: EXPRESSION_ATTRIBUTE_NAMES,
    ExpressionAttributeValues: EXPRESSION_ATTRIBUTE_VALUES,
    ScanFilter: CONDITION_MAP,
  },
};

export function validateScan(body: Record<string, unknown>): ScanInput {
  const wire = validateInput<Record<string, any>>(body, spec);
  checkExpressionParams(wire, ['ProjectionExpression', 'FilterExpression'], ['AttributesToGet', 'ScanFilter', 'ConditionalOperator']);
  checkAttributesToGet(wire.AttributesToGet);
  const startKey = checkStartKey(wire.ExclusiveStartKey);
  if (wire.Segment !== undefined && wire.TotalSegments === undefined) {
    throw new ValidationException('The TotalSegments parameter is required but was not present in the request when Segment parameter is present');
  }
  if (wire.TotalSegments !== undefined && wire.Segment === undefined) {
    throw new ValidationException('The Segment parameter is required but was not present in the request when parameter TotalSegments is present');
  }
  if (wire.Segment !== undefined && wire.Segment >= wire.TotalSegments) {
    throw new ValidationException(
      `The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: ${wire.Segment} is not less than TotalSegments: ${wire.TotalSegments}`,
    );
  }
  const legacyFilter = legacyFilterOf(wire.ScanFilter, wire.ConditionalOperator);
  const parsed = parseExpressions(wire);
  checkSelect(wire.Select, wire.ProjectionExpression !== undefined ? 'ProjectionExpression' : wire.AttributesToGet !== undefined ? 'AttributesToGet' : undefined, wire.IndexName !== undefined);
  const input: ScanInput = { TableName: wire.TableName };
  const filter = parsed.filter ?? legacyFilter;
  if (filter) input.filter = filter;
  const projection = projectionOf(parsed.projection, wire.AttributesToGet);
  if (projection) input.projection = projection;
  if (startKey) input.ExclusiveStartKey = startKey;
  copyOptions(wire, input, ['IndexName', 'Select', 'Limit', 'ConsistentRead', 'Segment', 'TotalSegments', 'ReturnConsumedCapacity']);
  return input;
}
