import { describe, expect, it } from '@jest/globals';
import { toWireJson } from '../../src/index.js';
import { defineRawJson, holdsRawJson } from '../../src/items/wireJson.js';

/**
 * Raw parts keep their text in a hidden own property and share one accessor pair per name
 * across bodies (wireJson.ts). Neither may show to other readers, and one body's text must
 * never leak into another's.
 */
describe('bodies with raw parts', () => {
  it('look like plain objects to Object.keys, spread, JSON.stringify and toEqual', () => {
    const body: Record<string, unknown> = {};
    defineRawJson(body, 'Items', '[{"a":{"S":"x"}}]');
    body['Count'] = 1;
    expect(Object.keys(body)).toEqual(['Items', 'Count']);
    expect(body).toEqual({ Items: [{ a: { S: 'x' } }], Count: 1 });
    expect({ ...body }).toEqual({ Items: [{ a: { S: 'x' } }], Count: 1 });
    expect(Object.getOwnPropertySymbols({ ...body })).toEqual([]);
    expect(JSON.stringify(body)).toBe('{"Items":[{"a":{"S":"x"}}],"Count":1}');
  });

  it('keeps each body its own text under the same property name', () => {
    const first: Record<string, unknown> = {};
    const second: Record<string, unknown> = {};
    defineRawJson(first, 'Item', '{"n":{"N":"1"}}');
    defineRawJson(second, 'Item', '{"n":{"N":"2"}}');
    expect(toWireJson(second)).toBe('{"Item":{"n":{"N":"2"}}}');
    expect(toWireJson(first)).toBe('{"Item":{"n":{"N":"1"}}}');
    expect(second['Item']).toEqual({ n: { N: '2' } });
    expect(first['Item']).toEqual({ n: { N: '1' } });
  });

  it('puts a value set over a raw part on the wire instead of the text', () => {
    const body: Record<string, unknown> = {};
    defineRawJson(body, 'Items', '[1,2,3]');
    body['Items'] = ['replaced'];
    expect(toWireJson(body)).toBe('{"Items":["replaced"]}');
    expect(Object.getOwnPropertyDescriptor(body, 'Items')).toMatchObject({ value: ['replaced'], writable: true, enumerable: true });
  });

  it('handles a raw part named __proto__ (a table name in BatchGetItem) as an own member', () => {
    const responses = holdsRawJson<Record<string, unknown>>({});
    defineRawJson(responses, '__proto__', '[{"k":{"S":"v"}}]');
    const body = holdsRawJson({ Responses: responses });
    expect(toWireJson(body)).toBe('{"Responses":{"__proto__":[{"k":{"S":"v"}}]}}');
    expect(Object.getPrototypeOf(responses)).toBe(Object.prototype);
  });
});
