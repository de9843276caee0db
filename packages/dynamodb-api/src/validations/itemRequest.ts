import {
  AttributeValueSerializationError,
  ExpressionValidationError,
  itemSize,
  parseRequestExpressions,
  setOwnMember,
  validateAttributeValue,
  type Item,
  type ParsedExpressions,
  type RequestExpressions,
} from '@kuhiro/expressions';
import { SerializationException, ValidationException } from '../errors.js';
import { LIMITS } from '../limits.js';

/**
 * Checks shared by the item operations, each in AWS's wording (dynalite's
 * validations/index.js, verified against AWS by its suite).
 */

/**
 * Expression and legacy (non-expression) parameters cannot be mixed, and the attribute
 * name/value maps need an expression that can use them.
 */
export function checkExpressionParams(
  input: Record<string, unknown>,
  expressions: string[],
  legacy: string[],
): void {
  const usedExpressions = expressions.filter((name) => input[name] !== undefined);
  if (usedExpressions.length > 0) {
    const usedLegacy = legacy.filter((name) => input[name] !== undefined);
    if (usedLegacy.length > 0) {
      throw new ValidationException(
        'Can not use both expression and non-expression parameters in the same request: ' +
          `Non-expression parameters: {${usedLegacy.join(', ')}} Expression parameters: {${usedExpressions.join(', ')}}`,
      );
    }
  }
  if (input.ExpressionAttributeNames !== undefined && usedExpressions.length === 0) {
    throw new ValidationException('ExpressionAttributeNames can only be specified when using expressions');
  }
  const valueExpressions = expressions.filter((name) => name !== 'ProjectionExpression');
  if (
    valueExpressions.length > 0 &&
    input.ExpressionAttributeValues !== undefined &&
    valueExpressions.every((name) => input[name] === undefined)
  ) {
    throw new ValidationException(
      `ExpressionAttributeValues can only be specified when using expressions: ${valueExpressions.join(' and ')} ${valueExpressions.length > 1 ? 'are' : 'is'} null`,
    );
  }
}

/** Validates (and canonicalizes) every value of an attribute map; returns a fresh copy. */
export function checkAttributeMap(map: Record<string, unknown>): Item {
  const result: Item = {};
  for (const [name, value] of Object.entries(map)) {
    if (value === null) continue;
    setOwnMember(result, name, checkAttributeValue(value));
  }
  return result;
}

function checkAttributeValue(value: unknown) {
  try {
    return validateAttributeValue(value);
  } catch (err) {
    throw translateExpressionError(err);
  }
}

/** Parses the request's expressions once; AWS's ValidationException on any problem. */
export function parseExpressions(input: RequestExpressions): ParsedExpressions {
  try {
    return parseRequestExpressions(input);
  } catch (err) {
    throw translateExpressionError(err);
  }
}

/** The expressions package's errors carry AWS's message; give them AWS's error type. */
export function translateExpressionError(err: unknown): unknown {
  if (err instanceof ExpressionValidationError) return new ValidationException(err.message);
  if (err instanceof AttributeValueSerializationError) return new SerializationException(err.message);
  return err;
}

export function checkItemSize(item: Item, message = 'Item size has exceeded the maximum allowed size'): void {
  if (itemSize(item) > LIMITS.MAX_ITEM_SIZE) throw new ValidationException(message);
}

/** PutItem and DeleteItem can only return the old item. */
export function checkReturnValuesOldOnly(returnValues: string | undefined): void {
  if (returnValues !== undefined && returnValues !== 'ALL_OLD' && returnValues !== 'NONE') {
    throw new ValidationException('ReturnValues can only be ALL_OLD or NONE');
  }
}

/** AttributesToGet: legacy projection by top-level names; duplicates refused as AWS does. */
export function checkAttributesToGet(names: string[] | undefined): void {
  if (names === undefined) return;
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new ValidationException(`One or more parameter values were invalid: Duplicate value in attribute name: ${name}`);
    seen.add(name);
  }
}
