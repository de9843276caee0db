import { compareKeyValues, attributeType, type AttributeValue, type ConditionAst, type Operand } from '@kuhiro/expressions';
import { ValidationException } from '../errors.js';
import { checkAttributeMap } from './itemRequest.js';
import type { MemberSpec } from './spec.js';

/**
 * The legacy `Expected` + `ConditionalOperator` parameters (pre-2014 SDKs and many ORMs still
 * send them), checked with AWS's messages and turned into the same ConditionAst a
 * ConditionExpression produces, so actions evaluate one kind of condition.
 */

const COMPARISON_OPERATORS = ['IN', 'NULL', 'BETWEEN', 'LT', 'NOT_CONTAINS', 'EQ', 'GT', 'NOT_NULL', 'NE', 'LE', 'BEGINS_WITH', 'GE', 'CONTAINS'];

export const EXPECTED: MemberSpec = {
  type: {
    map: {
      type: {
        structure: 'ExpectedAttributeValue',
        members: {
          AttributeValueList: { type: { list: { type: 'AttributeValue' } } },
          ComparisonOperator: { type: 'String', enum: COMPARISON_OPERATORS },
          Exists: { type: 'Boolean' },
          Value: { type: 'AttributeValue' },
        },
      },
    },
    valueShape: 'ExpectedAttributeValue',
  },
};

/** The `Condition` shape of KeyConditions, QueryFilter and ScanFilter. */
export const CONDITION_MAP: MemberSpec = {
  type: {
    map: {
      type: {
        structure: 'Condition',
        members: {
          AttributeValueList: { type: { list: { type: 'AttributeValue' } } },
          ComparisonOperator: { type: 'String', notNull: true, enum: COMPARISON_OPERATORS },
        },
      },
    },
    valueShape: 'Condition',
  },
};

/**
 * Which value types each operator accepts in a `Condition` (AWS's legacy API reference;
 * EQ and NE take every type, lists and maps included, since the 2014 document types).
 */
const CONDITION_TYPES: Record<string, string[]> = {
  LE: ['S', 'N', 'B'], LT: ['S', 'N', 'B'], GE: ['S', 'N', 'B'], GT: ['S', 'N', 'B'],
  CONTAINS: ['S', 'N', 'B'], NOT_CONTAINS: ['S', 'N', 'B'], BEGINS_WITH: ['S', 'B'], IN: ['S', 'N', 'B'], BETWEEN: ['S', 'N', 'B'],
};

/**
 * A QueryFilter / ScanFilter (or KeyConditions) map as one ConditionAst, joined by
 * ConditionalOperator (AND by default), with AWS's per-Condition checks.
 */
export function legacyFilterOf(conditions: Record<string, ExpectedCondition> | undefined, conditionalOperator?: string): ConditionAst | undefined {
  if (conditions === undefined) return undefined;
  for (const condition of Object.values(conditions)) {
    const operator = condition.ComparisonOperator!;
    const values = Object.values(checkAttributeMap(Object.fromEntries((condition.AttributeValueList ?? []).map((v, i) => [String(i), v]))));
    if (!ARGUMENT_COUNTS[operator]!(values.length)) {
      throw new ValidationException(`${INVALID}Invalid number of argument(s) for the ${operator} ComparisonOperator`);
    }
    for (const value of values) {
      const type = attributeType(value);
      if (CONDITION_TYPES[operator] && !CONDITION_TYPES[operator].includes(type)) {
        throw new ValidationException(`${INVALID}ComparisonOperator ${operator} is not valid for ${type} AttributeValue type`);
      }
    }
  }
  return legacyConditionOf({ Expected: conditions, ...(conditionalOperator ? { ConditionalOperator: conditionalOperator } : {}) });
}

interface ExpectedCondition {
  AttributeValueList?: unknown[];
  ComparisonOperator?: string;
  Exists?: boolean;
  Value?: unknown;
}

const INVALID = 'One or more parameter values were invalid: ';

const ARGUMENT_COUNTS: Record<string, (n: number) => boolean> = {
  EQ: (n) => n === 1, NE: (n) => n === 1, LE: (n) => n === 1, LT: (n) => n === 1, GE: (n) => n === 1, GT: (n) => n === 1,
  CONTAINS: (n) => n === 1, NOT_CONTAINS: (n) => n === 1, BEGINS_WITH: (n) => n === 1,
  NULL: (n) => n === 0, NOT_NULL: (n) => n === 0, IN: (n) => n > 0, BETWEEN: (n) => n === 2,
};

/** The condition of `Expected` (joined by ConditionalOperator, AND by default), or undefined. */
export function legacyConditionOf(input: { Expected?: Record<string, ExpectedCondition>; ConditionalOperator?: string }): ConditionAst | undefined {
  const expected = input.Expected;
  if (expected === undefined) return undefined;
  const conditions = Object.entries(expected).map(([name, condition]) => conditionFor(name, condition));
  if (conditions.length === 0) return undefined;
  const joiner = input.ConditionalOperator === 'OR' ? 'or' : 'and';
  return conditions.reduce((left, right) => ({ kind: joiner, left, right }));
}

function conditionFor(name: string, condition: ExpectedCondition): ConditionAst {
  const path: Operand = { kind: 'path', path: [name] };
  if (condition.AttributeValueList !== undefined && condition.Value !== undefined) {
    throw new ValidationException(`${INVALID}Value and AttributeValueList cannot be used together for Attribute: ${name}`);
  }
  const operator = condition.ComparisonOperator;
  if (operator === undefined) {
    if (condition.AttributeValueList !== undefined) {
      throw new ValidationException(`${INVALID}AttributeValueList can only be used with a ComparisonOperator for Attribute: ${name}`);
    }
    const exists = condition.Exists ?? true;
    if (exists && condition.Value === undefined) {
      throw new ValidationException(`${INVALID}Value must be provided when Exists is ${condition.Exists ?? 'null'} for Attribute: ${name}`);
    }
    if (!exists && condition.Value !== undefined) {
      throw new ValidationException(`${INVALID}Value cannot be used when Exists is false for Attribute: ${name}`);
    }
    if (!exists) return { kind: 'attribute_not_exists', path: [name] };
    return { kind: 'comparison', operator: '=', left: path, right: valueOperand(condition.Value) };
  }
  if (condition.Exists !== undefined) {
    throw new ValidationException(`${INVALID}Exists and ComparisonOperator cannot be used together for Attribute: ${name}`);
  }
  if (operator !== 'NULL' && operator !== 'NOT_NULL' && condition.AttributeValueList === undefined && condition.Value === undefined) {
    throw new ValidationException(`${INVALID}Value or AttributeValueList must be used with ComparisonOperator: ${operator} for Attribute: ${name}`);
  }
  const rawValues = condition.AttributeValueList ?? (condition.Value !== undefined ? [condition.Value] : []);
  if (!ARGUMENT_COUNTS[operator]!(rawValues.length)) {
    throw new ValidationException(`${INVALID}Invalid number of argument(s) for the ${operator} ComparisonOperator`);
  }
  const values = Object.values(checkAttributeMap(Object.fromEntries(rawValues.map((v, i) => [String(i), v]))));
  if (values.length > 0 && values.some((v) => attributeType(v) !== attributeType(values[0]!))) {
    throw new ValidationException(`${INVALID}AttributeValues inside AttributeValueList must be of same type`);
  }
  const operands = values.map((value): Operand => ({ kind: 'value', value }));
  switch (operator) {
    case 'EQ': return { kind: 'comparison', operator: '=', left: path, right: operands[0]! };
    case 'NE': return { kind: 'comparison', operator: '<>', left: path, right: operands[0]! };
    case 'LT': return { kind: 'comparison', operator: '<', left: path, right: operands[0]! };
    case 'LE': return { kind: 'comparison', operator: '<=', left: path, right: operands[0]! };
    case 'GT': return { kind: 'comparison', operator: '>', left: path, right: operands[0]! };
    case 'GE': return { kind: 'comparison', operator: '>=', left: path, right: operands[0]! };
    case 'NULL': return { kind: 'attribute_not_exists', path: [name] };
    case 'NOT_NULL': return { kind: 'attribute_exists', path: [name] };
    case 'CONTAINS': return { kind: 'contains', subject: path, operand: operands[0]! };
    case 'NOT_CONTAINS': return { kind: 'not', condition: { kind: 'contains', subject: path, operand: operands[0]! } };
    case 'BEGINS_WITH': return { kind: 'begins_with', subject: path, operand: operands[0]! };
    case 'IN': return { kind: 'in', operand: path, candidates: operands };
    default: {
      // BETWEEN
      if (isOrdered(values[0]!) && compareKeyValues(values[0]!, values[1]!) > 0) {
        throw new ValidationException('The BETWEEN condition was provided a range where the lower bound is greater than the upper bound');
      }
      return { kind: 'between', operand: path, lower: operands[0]!, upper: operands[1]! };
    }
  }
}

function isOrdered(value: AttributeValue): boolean {
  const type = attributeType(value);
  return type === 'S' || type === 'N' || type === 'B';
}

function valueOperand(raw: unknown): Operand {
  const [value] = Object.values(checkAttributeMap({ value: raw }));
  return { kind: 'value', value: value! };
}
