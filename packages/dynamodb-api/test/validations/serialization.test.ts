import { describe, expect, it } from '@jest/globals';
import { SerializationException } from '../../src/index.js';
import { readStructure } from '../../src/validations/serialization.js';
import { ATTRIBUTE_MAP, EXPRESSION_ATTRIBUTE_NAMES } from '../../src/validations/spec.js';

const read = (body: Record<string, unknown>) => readStructure(body, { Item: ATTRIBUTE_MAP, Names: EXPRESSION_ATTRIBUTE_NAMES });
const message = (body: Record<string, unknown>): string => {
  try {
    read(body);
  } catch (err) {
    expect(err).toBeInstanceOf(SerializationException);
    return (err as Error).message;
  }
  throw new Error('no SerializationException');
};

describe('readStructure', () => {
  it('drops unknown and null members and never mutates the input', () => {
    const body = { Item: { a: { S: 'x', Z: 1 }, b: null }, Other: 1 };
    const copy = structuredClone(body);
    expect(read(body)).toEqual({ Item: { a: { S: 'x' }, b: null } });
    expect(body).toEqual(copy);
  });

  it('reads nested AttributeValues with AWS messages', () => {
    expect(message({ Item: { a: { L: [{ M: { b: { BOOL: 'yes' } } }] } } })).toBe('Unexpected token received from parser');
    expect(message({ Item: { a: { SS: [1] } } })).toBe('NUMBER_VALUE cannot be converted to String');
    expect(message({ Item: { a: { L: ['x'] } } })).toBe('Unexpected value type in payload');
    expect(message({ Item: { a: { M: [] } } })).toBe(
      'Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>',
    );
    expect(message({ Item: [] })).toBe(
      'Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>',
    );
    expect(message({ Names: [] })).toBe('Unrecognized collection type java.util.Map<java.lang.String, java.lang.String>');
  });

  it('checks base64 of binary values', () => {
    expect(message({ Item: { a: { B: 'abc' } } })).toBe('Base64 encoded length is expected a multiple of 4 bytes but found: 3');
    expect(message({ Item: { a: { B: '+/+=' } } })).toBe('Invalid last non-pad Base64 character dectected');
    expect(message({ Item: { a: { B: 12 } } })).toBe('only base-64-encoded strings are convertible to bytes');
    expect(read({ Item: { a: { B: 'AAE=' } } })).toEqual({ Item: { a: { B: 'AAE=' } } });
  });
});
