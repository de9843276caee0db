import { describe, expect, it } from '@jest/globals';
import { SerializationException } from '../../src/index.js';
import { readStructure } from '../../src/validations/serialization.js';
import { ATTRIBUTE_MAP, STRING } from '../../src/validations/spec.js';

/**
 * readStructure reads a structure that carries one member (every AttributeValue) by that
 * member alone instead of walking the whole spec: it must give exactly what the walk gives.
 */
const spec = { Item: ATTRIBUTE_MAP, Label: STRING };
const read = (body: Record<string, unknown>) => readStructure(body, spec);

describe('readStructure with one member sent', () => {
  it('reads the member, drops an unknown or null one, and ignores inherited names', () => {
    expect(read({ Label: 'x' })).toEqual({ Label: 'x' });
    expect(read({ Unknown: 1 })).toEqual({});
    expect(read({ Label: null })).toEqual({});
    expect(read(JSON.parse('{"__proto__": {"S": "x"}}') as Record<string, unknown>)).toEqual({});
    expect(read({ toString: 'x' })).toEqual({});
  });

  it('reads one-member AttributeValues, dropping an unknown type member', () => {
    expect(read({ Item: { a: { S: 'x' }, b: { N: '1' }, c: { Z: 'dropped' } } })).toEqual({ Item: { a: { S: 'x' }, b: { N: '1' }, c: {} } });
  });

  it("reports a one-member value of the wrong JSON type with AWS's message", () => {
    expect(() => read({ Label: 5 })).toThrow(new SerializationException('NUMBER_VALUE cannot be converted to String'));
    expect(() => read({ Item: { a: { S: true } } })).toThrow(new SerializationException('TRUE_VALUE cannot be converted to String'));
    expect(() => read({ Item: { a: { BOOL: 'yes' } } })).toThrow(new SerializationException('Unexpected token received from parser'));
  });
});
