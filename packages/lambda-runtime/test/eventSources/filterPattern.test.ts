import { describe, it, expect } from '@jest/globals';
import { matchesPattern, parseFilterPattern } from '../../src/eventSources/filterPattern.js';

const record = {
  eventName: 'INSERT',
  dynamodb: { Keys: { pk: { S: 'order#17' } }, NewImage: { status: { S: 'Active' }, total: { N: '42.5' }, tags: { SS: ['a', 'b'] } }, SizeBytes: 40 },
};
const matches = (pattern: object) => matchesPattern(parseFilterPattern(JSON.stringify(pattern)), record);

describe('event filter patterns', () => {
  it('matches exact values, any of a list', () => {
    expect(matches({ eventName: ['INSERT'] })).toBe(true);
    expect(matches({ eventName: ['MODIFY', 'INSERT'] })).toBe(true);
    expect(matches({ eventName: ['REMOVE'] })).toBe(false);
    expect(matches({ dynamodb: { SizeBytes: [40] } })).toBe(true);
  });

  it('matches prefix, suffix and equals-ignore-case', () => {
    expect(matches({ dynamodb: { Keys: { pk: { S: [{ prefix: 'order#' }] } } } })).toBe(true);
    expect(matches({ dynamodb: { Keys: { pk: { S: [{ prefix: 'user#' }] } } } })).toBe(false);
    expect(matches({ dynamodb: { Keys: { pk: { S: [{ suffix: '#17' }] } } } })).toBe(true);
    expect(matches({ dynamodb: { NewImage: { status: { S: [{ 'equals-ignore-case': 'ACTIVE' }] } } } })).toBe(true);
  });

  it('matches anything-but a value, a list or a prefix', () => {
    expect(matches({ eventName: [{ 'anything-but': 'REMOVE' }] })).toBe(true);
    expect(matches({ eventName: [{ 'anything-but': ['INSERT', 'REMOVE'] }] })).toBe(false);
    expect(matches({ dynamodb: { Keys: { pk: { S: [{ 'anything-but': { prefix: 'order' } }] } } } })).toBe(false);
  });

  it('compares numbers, including DynamoDB number strings', () => {
    expect(matches({ dynamodb: { NewImage: { total: { N: [{ numeric: ['>', 40, '<=', 42.5] }] } } } })).toBe(true);
    expect(matches({ dynamodb: { NewImage: { total: { N: [{ numeric: ['<', 10] }] } } } })).toBe(false);
    expect(matches({ dynamodb: { SizeBytes: [{ numeric: ['=', 40] }] } })).toBe(true);
  });

  it('tests existence, and matches array fields by any element', () => {
    expect(matches({ dynamodb: { OldImage: [{ exists: false }] } })).toBe(true);
    expect(matches({ dynamodb: { NewImage: { status: { S: [{ exists: true }] } } } })).toBe(true);
    expect(matches({ dynamodb: { NewImage: { missing: [{ exists: true }] } } })).toBe(false);
    expect(matches({ dynamodb: { NewImage: { tags: { SS: ['b'] } } } })).toBe(true);
    expect(matches({ dynamodb: { NewImage: { tags: { SS: ['c'] } } } })).toBe(false);
  });

  it('refuses what is not a pattern', () => {
    for (const bad of ['not json', '[]', '{"a": "scalar"}', '{"a": []}', '{"a": [{"numeric": [">"]}]}', '{"a": [{"wildcard": "x"}]}']) {
      expect(() => parseFilterPattern(bad)).toThrow();
    }
  });
});
