import type { AttributeValue } from '../attributeValue.js';
import { ExpressionValidationError } from '../errors.js';
import { utf8Length } from '../itemSize.js';
import { validateAttributeValue } from '../validate.js';
import type { ConditionAst, ProjectionAst, UpdateAst } from './ast.js';
import { parseCondition } from './conditionChecker.js';
import { SubstitutionContext } from './context.js';
import { parseProjection } from './projectionChecker.js';
import { parseUpdate } from './updateChecker.js';

export interface RequestExpressions {
  ConditionExpression?: string;
  FilterExpression?: string;
  KeyConditionExpression?: string;
  UpdateExpression?: string;
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  /** As received on the wire; validated (and numbers canonicalized) here. */
  ExpressionAttributeValues?: Record<string, unknown>;
}

export interface ParsedExpressions {
  condition?: ConditionAst;
  filter?: ConditionAst;
  keyCondition?: ConditionAst;
  update?: UpdateAst;
  projection?: ProjectionAst;
}

function validationError(message: string): ExpressionValidationError {
  return new ExpressionValidationError(message);
}

function checkNames(names: Record<string, string> | undefined): Record<string, string> {
  if (names === undefined || names === null) return {};
  if (Object.keys(names).length === 0) throw validationError('ExpressionAttributeNames must not be empty');
  for (const key of Object.keys(names)) {
    if (!/^#[0-9a-zA-Z_]+$/.test(key)) {
      throw validationError(`ExpressionAttributeNames contains invalid key: Syntax error; key: "${key}"`);
    }
  }
  return names;
}

export interface ParseOptions {
  /**
   * How an invalid ExpressionAttributeValue is reported. 'wrapped' (default):
   * "ExpressionAttributeValues contains invalid value: <problem> for key :v", which AWS's
   * older validation layer still answers (Scan, TransactWriteItems). 'bare': just
   * "<problem>", as AWS's current layer answers PutItem, UpdateItem, DeleteItem, GetItem and
   * Query (paritysuite/dynamodb-conformance, valueLayers, captured 2026-10).
   */
  valueErrors?: 'wrapped' | 'bare';
}

function checkValues(values: Record<string, unknown> | undefined, valueErrors: 'wrapped' | 'bare'): Record<string, AttributeValue> {
  if (values === undefined || values === null) return {};
  const keys = Object.keys(values);
  if (keys.length === 0) throw validationError('ExpressionAttributeValues must not be empty');
  for (const key of keys) {
    if (!/^:[0-9a-zA-Z_]+$/.test(key)) {
      throw validationError(`ExpressionAttributeValues contains invalid key: Syntax error; key: "${key}"`);
    }
  }
  const checked: Record<string, AttributeValue> = {};
  for (const key of keys) {
    try {
      checked[key] = validateAttributeValue(values[key]);
    } catch (error) {
      if (!(error instanceof ExpressionValidationError) || valueErrors === 'bare') throw error;
      throw validationError(`ExpressionAttributeValues contains invalid value: ${error.message} for key ${key}`);
    }
  }
  return checked;
}

/** AWS caps every expression at 4 KB, counted in UTF-8 bytes of the raw string as sent. */
const MAX_EXPRESSION_BYTES = 4096;

function nonEmpty(source: string, label: string): string {
  if (source === '') throw validationError(`Invalid ${label}: The expression can not be empty;`);
  const size = utf8Length(source);
  if (size > MAX_EXPRESSION_BYTES) {
    throw validationError(`Invalid ${label}: Expression size has exceeded the maximum allowed size; expression size: ${size}`);
  }
  return source;
}

/**
 * Parses every expression of one request together, as DynamoDB validates them: the maps
 * first, then UpdateExpression, ConditionExpression, KeyConditionExpression,
 * FilterExpression, ProjectionExpression, then names and values that no expression used.
 * Throws ExpressionValidationError with AWS's message.
 *
 * Which expressions an operation accepts, and "ExpressionAttributeNames can only be
 * specified when using expressions", are the API layer's checks.
 */
export function parseRequestExpressions(input: RequestExpressions, options: ParseOptions = {}): ParsedExpressions {
  const context = new SubstitutionContext(
    checkNames(input.ExpressionAttributeNames),
    checkValues(input.ExpressionAttributeValues, options.valueErrors ?? 'wrapped'),
  );
  const parsed: ParsedExpressions = {};
  if (input.UpdateExpression != null) {
    parsed.update = parseUpdate(nonEmpty(input.UpdateExpression, 'UpdateExpression'), context);
  }
  if (input.ConditionExpression != null) {
    parsed.condition = parseCondition(nonEmpty(input.ConditionExpression, 'ConditionExpression'), 'ConditionExpression', context);
  }
  if (input.KeyConditionExpression != null) {
    parsed.keyCondition = parseCondition(
      nonEmpty(input.KeyConditionExpression, 'KeyConditionExpression'),
      'KeyConditionExpression',
      context,
    );
  }
  if (input.FilterExpression != null) {
    parsed.filter = parseCondition(nonEmpty(input.FilterExpression, 'FilterExpression'), 'FilterExpression', context);
  }
  if (input.ProjectionExpression != null) {
    parsed.projection = parseProjection(nonEmpty(input.ProjectionExpression, 'ProjectionExpression'), context);
  }
  const unusedNames = Object.keys(context.names).filter((key) => !context.usedNames.has(key));
  if (unusedNames.length > 0) {
    throw validationError(`Value provided in ExpressionAttributeNames unused in expressions: keys: {${unusedNames.join(', ')}}`);
  }
  const unusedValues = Object.keys(context.values).filter((key) => !context.usedValues.has(key));
  if (unusedValues.length > 0) {
    throw validationError(`Value provided in ExpressionAttributeValues unused in expressions: keys: {${unusedValues.join(', ')}}`);
  }
  return parsed;
}
