import { describe, expect, it } from '@jest/globals';
import { validatePutItem } from '../../src/validations/putItem.js';

describe('validatePutItem', () => {
  it('keeps an attribute named __proto__ as an own member', () => {
    const item = JSON.parse('{"pk":{"S":"proto"},"__proto__":{"S":"kept"}}');
    const input = validatePutItem({ TableName: 'abc', Item: item });
    expect(JSON.stringify(input.Item)).toBe('{"pk":{"S":"proto"},"__proto__":{"S":"kept"}}');
    expect(Object.getPrototypeOf(input.Item)).toBe(Object.prototype);
  });

  it('canonicalizes numbers and keeps the request untouched', () => {
    const body = { TableName: 'abc', Item: { pk: { S: 'a' }, n: { N: '0010.50' } } };
    const copy = structuredClone(body);
    expect(validatePutItem(body).Item).toEqual({ pk: { S: 'a' }, n: { N: '10.5' } });
    expect(body).toEqual(copy);
  });

  it('turns the legacy Expected map into a condition', () => {
    const input = validatePutItem({ TableName: 'abc', Item: { pk: { S: 'a' } }, Expected: { pk: { Exists: false } } });
    expect(input.condition).toEqual({ kind: 'attribute_not_exists', path: ['pk'] });
  });
});
