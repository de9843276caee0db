import { describe, expect, it } from '@jest/globals';
import { analyzeKeyCondition, parseRequestExpressions, type KeySchemaForQuery } from '../../src/index.js';
import { validationErrorOf } from '../validationErrorOf.js';

const values = { ':p': { S: 'user' }, ':s': { S: 'a' }, ':t': { S: 'z' }, ':n': { N: '1' } };
const schema: KeySchemaForQuery = { partition: ['pk'], sort: ['sk'], types: { pk: 'S', sk: 'S' } };

function analyze(expression: string, key: KeySchemaForQuery = schema) {
  const used = Object.fromEntries(Object.entries(values).filter(([ref]) => expression.includes(ref)));
  const parsed = parseRequestExpressions({ KeyConditionExpression: expression, ExpressionAttributeValues: used });
  return analyzeKeyCondition(parsed.keyCondition!, key);
}

function errorOf(expression: string, key: KeySchemaForQuery = schema): string {
  return validationErrorOf(() => analyze(expression, key));
}

describe('analyzeKeyCondition', () => {
  it.each<[string, object | undefined]>([
    ['pk = :p', undefined],
    ['pk = :p AND sk = :s', { op: 'EQ', value: { S: 'a' } }],
    ['pk = :p AND sk < :s', { op: 'LT', value: { S: 'a' } }],
    ['pk = :p AND sk <= :s', { op: 'LE', value: { S: 'a' } }],
    ['pk = :p AND sk > :s', { op: 'GT', value: { S: 'a' } }],
    ['sk >= :s AND pk = :p', { op: 'GE', value: { S: 'a' } }],
    [':s < sk AND :p = pk', { op: 'GT', value: { S: 'a' } }],
    ['pk = :p AND sk BETWEEN :s AND :t', { op: 'BETWEEN', low: { S: 'a' }, high: { S: 'z' } }],
    ['pk = :p AND begins_with(sk, :s)', { op: 'BEGINS_WITH', value: { S: 'a' } }],
    ['(pk = :p) AND (sk = :s)', { op: 'EQ', value: { S: 'a' } }],
  ])('%s', (expression, sortCondition) => {
    const result = analyze(expression);
    expect(result.partition).toEqual([{ S: 'user' }]);
    expect(result.sortCondition).toEqual(sortCondition);
  });

  it.each<[string, string]>([
    ['sk = :s', 'Query condition missed key schema element: pk'],
    ['pk = :p AND attr = :s', 'Query key condition not supported'],
    ['id = :p', 'Query condition missed key schema element: pk'],
    ['begins_with(pk, :p)', 'Query key condition not supported'],
    ['pk = :p AND sk = :n', 'One or more parameter values were invalid: Condition parameter type does not match schema type'],
    ['pk < :p', 'Query key condition not supported'],
    ['pk = :p AND sk > :s AND sk < :t', 'Invalid KeyConditionExpression: KeyConditionExpressions must only contain one condition per key'],
    ['pk = :p AND sk > :s AND attr = :t', 'The number of query conditions (3) exceeds the number of key attributes defined in the schema (2)'],
    ['pk = :p OR sk = :s', 'Invalid operator used in KeyConditionExpression: OR'],
    ['NOT pk = :p', 'Invalid operator used in KeyConditionExpression: NOT'],
    ['pk IN (:p)', 'Invalid operator used in KeyConditionExpression: IN'],
    ['pk <> :p', 'Invalid operator used in KeyConditionExpression: <>'],
    ['pk = :p AND attribute_exists(sk)', 'Invalid operator used in KeyConditionExpression: attribute_exists'],
    ['pk = :p AND contains(sk, :s)', 'Invalid operator used in KeyConditionExpression: contains'],
    ['pk = :p AND size(sk) = :n', 'KeyConditionExpressions cannot contain nested operations'],
    ['pk = :p AND sk = pk', 'Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition'],
    ['pk = :p AND sk.x = :s', 'KeyConditionExpressions cannot have conditions on nested attributes'],
    ['pk = :p AND :s = :t', 'Invalid condition in KeyConditionExpression: No key attribute specified'],
    ['pk = :p AND begins_with(:s, sk)', 'Invalid condition in KeyConditionExpression: begins_with operator must have the key attribute as its first operand'],
    ['pk = :n', 'One or more parameter values were invalid: Condition parameter type does not match schema type'],
    ['pk = :p AND sk BETWEEN :s AND :n', 'Invalid KeyConditionExpression: The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: {S:a}, upper bound operand: AttributeValue: {N:1}'],
  ])('%s fails', (expression, message) => {
    expect(errorOf(expression)).toBe(message);
  });

  it('handles sort keys of several attributes: equalities first, then one condition', () => {
    const multi: KeySchemaForQuery = { partition: ['pk'], sort: ['s1', 's2'] };
    const parsed = parseRequestExpressions({
      KeyConditionExpression: 'pk = :p AND s1 = :s AND s2 > :t',
      ExpressionAttributeValues: { ':p': { S: 'user' }, ':s': { S: 'a' }, ':t': { S: 'z' } },
    });
    expect(analyzeKeyCondition(parsed.keyCondition!, multi)).toEqual({
      partition: [{ S: 'user' }],
      sortPrefix: [{ S: 'a' }],
      sortCondition: { op: 'GT', value: { S: 'z' } },
    });
    const skipping = parseRequestExpressions({
      KeyConditionExpression: 'pk = :p AND s2 = :s',
      ExpressionAttributeValues: { ':p': { S: 'user' }, ':s': { S: 'a' } },
    });
    expect(() => analyzeKeyCondition(skipping.keyCondition!, multi)).toThrow('Query key condition not supported');
  });
});
