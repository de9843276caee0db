import { describe, expect, it } from '@jest/globals';
import { parseBoundedTag } from '../../src/escrow/boundedTag.js';
import { classifyUpdate } from '../../src/escrow/counterDecrements.js';

const bounds = parseBoundedTag('stock>=0, seats >= -5')!;
const key = { pk: { S: 'p1' } };
const classify = (UpdateExpression: string, values?: Record<string, unknown>, names?: Record<string, string>) =>
  classifyUpdate('products', key, { UpdateExpression, ...(values ? { ExpressionAttributeValues: values } : {}), ...(names ? { ExpressionAttributeNames: names } : {}) }, bounds);

describe('parseBoundedTag', () => {
  it('reads one or several ATTR>=BOUND', () => {
    expect([...bounds.values()]).toEqual([
      { attribute: 'stock', min: 0 },
      { attribute: 'seats', min: -5 },
    ]);
  });
  it('refuses anything else', () => {
    for (const bad of ['', 'stock>0', 'stock>=1.5', 'stock<=3', 'stock>=0,', '>=0']) expect(parseBoundedTag(bad)).toBeUndefined();
  });
});

describe('classifyUpdate', () => {
  it('finds the purchase idiom and ADD of a negative amount', () => {
    expect(classify('SET stock = stock - :q', { ':q': { N: '2' } })).toEqual([{ tableName: 'products', key, attribute: 'stock', quantity: 2, min: 0, position: 0 }]);
    expect(classify('SET #s = #s + :d', { ':d': { N: '-3' } }, { '#s': 'stock' })).toMatchObject([{ attribute: 'stock', quantity: 3 }]);
    expect(classify('ADD seats :d SET price = :d', { ':d': { N: '-1' } })).toMatchObject([{ attribute: 'seats', quantity: 1, min: -5 }]);
  });
  it('keeps increments and other attributes plain', () => {
    expect(classify('ADD stock :d', { ':d': { N: '5' } })).toBe('plain');
    expect(classify('SET stock = :d + stock', { ':d': { N: '5' } })).toBe('plain');
    expect(classify('SET price = :d', { ':d': { N: '5' } })).toBe('plain');
  });
  it('sends what escrow cannot account for to central', () => {
    expect(classify('SET stock = :v', { ':v': { N: '5' } })).toBe('central');
    expect(classify('REMOVE stock')).toBe('central');
    expect(classify('SET stock = stock - :q', { ':q': { N: '0.5' } })).toBe('central');
    expect(classify('SET stock = seats - :q', { ':q': { N: '1' } })).toBe('central');
    expect(classifyUpdate('products', key, { AttributeUpdates: { stock: { Action: 'ADD', Value: { N: '-1' } } } }, bounds)).toBe('central');
  });
  it('leaves an unparseable expression to the local API', () => {
    expect(classify('SET stock = = 1')).toBe('plain');
  });
});
