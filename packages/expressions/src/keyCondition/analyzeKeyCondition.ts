import type { AttributeValue, ScalarKeyType } from '../attributeValue.js';
import { attributeType } from '../attributeValue.js';
import { ExpressionValidationError } from '../errors.js';
import type { ConditionAst, Operand } from '../parser/ast.js';

export type SortKeyCondition =
  | { op: 'EQ' | 'LT' | 'LE' | 'GT' | 'GE' | 'BEGINS_WITH'; value: AttributeValue }
  | { op: 'BETWEEN'; low: AttributeValue; high: AttributeValue };

export interface KeyConditionAnalysis {
  /** Values of the partition key attributes, in schema order. */
  partition: AttributeValue[];
  /** Equality values for leading sort key attributes (multi-attribute sort keys only). */
  sortPrefix: AttributeValue[];
  /** The condition on the (next) sort key attribute, if any. */
  sortCondition?: SortKeyCondition;
}

export interface KeySchemaForQuery {
  partition: string[];
  sort: string[];
  /** Attribute types from AttributeDefinitions; when given, value types are checked. */
  types?: Record<string, ScalarKeyType>;
}

const invalid = (message: string): ExpressionValidationError => new ExpressionValidationError(message);

const MIRRORED: Record<string, string> = { '=': '=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };
const OPS: Record<string, 'EQ' | 'LT' | 'LE' | 'GT' | 'GE'> = { '=': 'EQ', '<': 'LT', '<=': 'LE', '>': 'GT', '>=': 'GE' };

type KeyTerm = { attribute: string; condition: SortKeyCondition };

function attributeOf(operands: Operand[]): { attribute: string; index: number } {
  let found: { attribute: string; index: number } | undefined;
  operands.forEach((operand, index) => {
    if (operand.kind === 'size') throw invalid('KeyConditionExpressions cannot contain nested operations');
    if (operand.kind !== 'path') return;
    if (found) throw invalid('Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition');
    if (operand.path.length > 1) throw invalid('KeyConditionExpressions cannot have conditions on nested attributes');
    found = { attribute: operand.path[0] as string, index };
  });
  if (!found) throw invalid('Invalid condition in KeyConditionExpression: No key attribute specified');
  return found;
}

function valueOf(operand: Operand): AttributeValue {
  if (operand.kind !== 'value') throw invalid('Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition');
  return operand.value;
}

/** Flattens the AND tree into one term per key attribute, with AWS's errors for other shapes. */
function collectTerms(ast: ConditionAst, terms: KeyTerm[]): void {
  switch (ast.kind) {
    case 'and':
      collectTerms(ast.left, terms);
      collectTerms(ast.right, terms);
      return;
    case 'or':
    case 'not':
    case 'in':
      throw invalid(`Invalid operator used in KeyConditionExpression: ${ast.kind.toUpperCase()}`);
    case 'attribute_exists':
    case 'attribute_not_exists':
    case 'attribute_type':
    case 'contains':
      throw invalid(`Invalid operator used in KeyConditionExpression: ${ast.kind}`);
    case 'comparison': {
      if (ast.operator === '<>') throw invalid('Invalid operator used in KeyConditionExpression: <>');
      const { attribute, index } = attributeOf([ast.left, ast.right]);
      // `:v < sk` means `sk > :v`.
      const operator = index === 0 ? ast.operator : MIRRORED[ast.operator]!;
      const value = valueOf(index === 0 ? ast.right : ast.left);
      terms.push({ attribute, condition: { op: OPS[operator]!, value } });
      return;
    }
    case 'between': {
      if (ast.operand.kind !== 'path') {
        throw invalid('Invalid condition in KeyConditionExpression: BETWEEN operator must have the key attribute as its first operand');
      }
      const { attribute } = attributeOf([ast.operand, ast.lower, ast.upper]);
      terms.push({ attribute, condition: { op: 'BETWEEN', low: valueOf(ast.lower), high: valueOf(ast.upper) } });
      return;
    }
    case 'begins_with': {
      if (ast.subject.kind !== 'path') {
        throw invalid('Invalid condition in KeyConditionExpression: begins_with operator must have the key attribute as its first operand');
      }
      const { attribute } = attributeOf([ast.subject, ast.operand]);
      terms.push({ attribute, condition: { op: 'BEGINS_WITH', value: valueOf(ast.operand) } });
      return;
    }
  }
}

function checkType(schema: KeySchemaForQuery, attribute: string, values: AttributeValue[]): void {
  const expected = schema.types?.[attribute];
  if (expected && values.some((value) => attributeType(value) !== expected)) {
    throw invalid('One or more parameter values were invalid: Condition parameter type does not match schema type');
  }
}

/**
 * Turns a parsed KeyConditionExpression into key ranges for a Query: `=` on every partition
 * key attribute, and on the sort key one of = < <= > >= BETWEEN begins_with.
 * Sort keys of several attributes (multi-attribute GSI keys) take equalities on a leading
 * run of them and at most one condition of any kind on the next.
 */
export function analyzeKeyCondition(ast: ConditionAst, key: KeySchemaForQuery): KeyConditionAnalysis {
  const terms: KeyTerm[] = [];
  collectTerms(ast, terms);
  const byAttribute = new Map<string, SortKeyCondition>();
  for (const term of terms) {
    if (byAttribute.has(term.attribute)) {
      throw invalid('Invalid KeyConditionExpression: KeyConditionExpressions must only contain one condition per key');
    }
    byAttribute.set(term.attribute, term.condition);
  }
  const keyAttributeCount = key.partition.length + key.sort.length;
  if (terms.length > keyAttributeCount) {
    throw invalid(
      `The number of query conditions (${terms.length}) exceeds the number of key attributes defined in the schema (${keyAttributeCount})`,
    );
  }
  // A query on the wrong attribute name is reported as the missing partition key first.
  for (const attribute of key.partition) {
    if (!byAttribute.has(attribute)) throw invalid(`Query condition missed key schema element: ${attribute}`);
  }
  for (const attribute of byAttribute.keys()) {
    if (!key.partition.includes(attribute) && !key.sort.includes(attribute)) throw invalid('Query key condition not supported');
  }
  const partition = key.partition.map((attribute) => {
    const condition = byAttribute.get(attribute)!;
    if (condition.op !== 'EQ') throw invalid('Query key condition not supported');
    checkType(key, attribute, [condition.value]);
    return condition.value;
  });
  const sortPrefix: AttributeValue[] = [];
  let sortCondition: SortKeyCondition | undefined;
  for (const attribute of key.sort) {
    const condition = byAttribute.get(attribute);
    if (!condition) break;
    if (sortCondition) throw invalid('Query key condition not supported');
    const values = condition.op === 'BETWEEN' ? [condition.low, condition.high] : [condition.value];
    checkType(key, attribute, values);
    const isLast = key.sort.indexOf(attribute) === key.sort.length - 1 || !byAttribute.has(key.sort[key.sort.indexOf(attribute) + 1]!);
    if (condition.op === 'EQ' && !isLast) sortPrefix.push(condition.value);
    else sortCondition = condition;
  }
  // A condition on a later sort attribute without its predecessors cannot be served.
  const constrained = key.sort.filter((attribute) => byAttribute.has(attribute)).length;
  if (constrained !== sortPrefix.length + (sortCondition ? 1 : 0)) throw invalid('Query key condition not supported');
  return sortCondition ? { partition, sortPrefix, sortCondition } : { partition, sortPrefix };
}
