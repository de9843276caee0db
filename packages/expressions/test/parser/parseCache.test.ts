import { describe, expect, it } from '@jest/globals';
import { parseRequestExpressions, type RequestExpressions } from '../../src/index.js';
import { ParseCache } from '../../src/parser/parseCache.js';
import { validationErrorOf } from '../validationErrorOf.js';

function errorOf(input: RequestExpressions): string {
  return validationErrorOf(() => parseRequestExpressions(input));
}

// Syntax trees are cached by expression text; everything that depends on the request's names
// and values must still come from the request at hand.
describe("a cached expression text with another request's names and values", () => {
  it('substitutes the new values', () => {
    const keyCondition = 'pk = :pk AND sk >= :from';
    const first = parseRequestExpressions({ KeyConditionExpression: keyCondition, ExpressionAttributeValues: { ':pk': { S: 'a' }, ':from': { N: '1' } } });
    const second = parseRequestExpressions({ KeyConditionExpression: keyCondition, ExpressionAttributeValues: { ':pk': { S: 'b' }, ':from': { N: '20' } } });
    expect(first.keyCondition).toEqual({
      kind: 'and',
      left: { kind: 'comparison', operator: '=', left: { kind: 'path', path: ['pk'] }, right: { kind: 'value', value: { S: 'a' } } },
      right: { kind: 'comparison', operator: '>=', left: { kind: 'path', path: ['sk'] }, right: { kind: 'value', value: { N: '1' } } },
    });
    expect(second.keyCondition).toEqual({
      kind: 'and',
      left: { kind: 'comparison', operator: '=', left: { kind: 'path', path: ['pk'] }, right: { kind: 'value', value: { S: 'b' } } },
      right: { kind: 'comparison', operator: '>=', left: { kind: 'path', path: ['sk'] }, right: { kind: 'value', value: { N: '20' } } },
    });
  });

  it('resolves #names with the new map', () => {
    const projection = (names: Record<string, string>) =>
      parseRequestExpressions({ ProjectionExpression: '#a, b', ExpressionAttributeNames: names }).projection;
    expect(projection({ '#a': 'x' })).toEqual([['x'], ['b']]);
    expect(projection({ '#a': 'y.z' })).toEqual([['y.z'], ['b']]);
  });

  it("still reports the new request's undefined value, unused value and bound order", () => {
    const filter = 'a BETWEEN :lo AND :hi';
    expect(parseRequestExpressions({ FilterExpression: filter, ExpressionAttributeValues: { ':lo': { N: '1' }, ':hi': { N: '2' } } }).filter).toBeDefined();
    expect(errorOf({ FilterExpression: filter, ExpressionAttributeValues: { ':lo': { N: '1' } } })).toBe(
      'Invalid FilterExpression: An expression attribute value used in expression is not defined; attribute value: :hi',
    );
    expect(errorOf({ FilterExpression: filter, ExpressionAttributeValues: { ':lo': { N: '3' }, ':hi': { N: '2' } } })).toMatch(
      /BETWEEN operator requires upper bound to be greater than or equal to lower bound/,
    );
    expect(errorOf({ FilterExpression: filter, ExpressionAttributeValues: { ':lo': { N: '1' }, ':hi': { N: '2' }, ':x': { N: '3' } } })).toBe(
      'Value provided in ExpressionAttributeValues unused in expressions: keys: {:x}',
    );
  });

  it('gives each update its own values', () => {
    const update = (value: string) =>
      parseRequestExpressions({ UpdateExpression: 'SET a = :v ADD n :one', ExpressionAttributeValues: { ':v': { S: value }, ':one': { N: '1' } } }).update;
    expect(update('first')!.actions[0]).toEqual({ kind: 'SET', path: ['a'], value: { kind: 'value', value: { S: 'first' } } });
    expect(update('second')!.actions[0]).toEqual({ kind: 'SET', path: ['a'], value: { kind: 'value', value: { S: 'second' } } });
  });

  it('reports the same syntax error every time (errors are not cached)', () => {
    const bad = { ConditionExpression: 'a = = b' };
    const message = errorOf(bad);
    expect(message).toMatch(/^Invalid ConditionExpression: Syntax error; token: "="/);
    expect(errorOf(bad)).toBe(message);
  });

  it('keeps the languages apart (labels in errors stay right)', () => {
    expect(parseRequestExpressions({ FilterExpression: 'attribute_exists(a)' }).filter).toEqual({ kind: 'attribute_exists', path: ['a'] });
    expect(errorOf({ KeyConditionExpression: 'a = = b' })).toMatch(/^Invalid KeyConditionExpression: /);
    expect(errorOf({ FilterExpression: 'a = = b' })).toMatch(/^Invalid FilterExpression: /);
  });
});

describe('ParseCache', () => {
  it('parses a text once and then returns the same frozen tree', () => {
    const cache = new ParseCache<{ node: { value: number } }>(2);
    let parses = 0;
    const parse = () => ({ node: { value: ++parses } });
    const first = cache.get('x', parse);
    expect(cache.get('x', parse)).toBe(first);
    expect(parses).toBe(1);
    expect(Object.isFrozen(first.node)).toBe(true);
    expect(() => {
      (first.node as { value: number }).value = 5;
    }).toThrow(TypeError);
  });

  it('drops the oldest text past its capacity', () => {
    const cache = new ParseCache<number>(2);
    let parses = 0;
    const parse = () => ++parses;
    cache.get('a', parse); // 1
    cache.get('b', parse); // 2
    expect(cache.get('a', parse)).toBe(1); // a hit parses nothing
    cache.get('c', parse); // 3, drops 'a' (the oldest)
    expect(cache.size).toBe(2);
    expect(cache.get('b', parse)).toBe(2);
    expect(cache.get('c', parse)).toBe(3);
    expect(cache.get('a', parse)).toBe(4);
  });
});
