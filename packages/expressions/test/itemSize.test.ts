import { describe, expect, it } from '@jest/globals';
import { attributeValueSize, itemSize } from '../src/index.js';

describe('attributeValueSize', () => {
  it.each<[string, object, number]>([
    ['ASCII string', { S: 'abc' }, 3],
    ['UTF-8 string', { S: 'é€😀' }, 2 + 3 + 4],
    ['empty string', { S: '' }, 0],
    ['zero', { N: '0' }, 1],
    ['one digit', { N: '7' }, 2],
    ['two digits', { N: '12' }, 2],
    ['fraction splits a digit pair', { N: '1.2' }, 3],
    ['three digits', { N: '123' }, 3],
    ['negative adds a byte', { N: '-12' }, 3],
    ['38 digits', { N: '12345678901234567890123456789012345678' }, 20],
    ['trailing zeros are free', { N: '1000000' }, 2],
    ['binary counts raw bytes', { B: 'AQIDBA==' }, 4],
    ['boolean', { BOOL: true }, 1],
    ['null', { NULL: true }, 1],
    ['string set', { SS: ['ab', 'c'] }, 3],
    ['number set', { NS: ['1', '12'] }, 4],
    ['binary set', { BS: ['AQ==', 'AQI='] }, 3],
    ['empty list', { L: [] }, 3],
    ['list', { L: [{ S: 'ab' }, { N: '1' }] }, 3 + (1 + 2) + (1 + 2)],
    ['empty map', { M: {} }, 3],
    ['map', { M: { ab: { S: 'xyz' } } }, 3 + 1 + 2 + 3],
  ])('%s', (_name, value, size) => {
    expect(attributeValueSize(value as never)).toBe(size);
  });
});

describe('number sizes measured against AWS', () => {
  // Byte costs captured at the 400 KB gate against eu-west-2 (paritysuite/dynamodb-conformance,
  // src/item-size.ts, 2026-08-18): digits pair up on either side of the decimal point.
  it.each<[string, number]>([
    ['0', 1], ['1', 2], ['12', 2], ['123', 3], ['1234', 3],
    ['12345678901234567890123456789012345678', 20], ['0042', 2], ['100', 2], ['1010', 3],
    ['0.0000001', 2], ['1E125', 2], ['1E-100', 2], ['1.5', 3], ['15', 2], ['1.2', 3],
    ['1.200', 3], ['1.234', 4], ['3.14159', 5], ['123456', 4], ['100.5', 4], ['0.15', 2],
    ['-42', 3], ['-0', 1],
  ])('%s costs %i bytes', (literal, bytes) => {
    expect(attributeValueSize({ N: literal })).toBe(bytes);
  });
});

describe('itemSize', () => {
  it('adds UTF-8 attribute name lengths to value sizes', () => {
    expect(itemSize({ pk: { S: 'user#1' }, 'né': { N: '12' }, flag: { BOOL: true } })).toBe(2 + 6 + 3 + 2 + 4 + 1);
    expect(itemSize({})).toBe(0);
  });
});
