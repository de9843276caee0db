import { describe, expect, it } from '@jest/globals';
import { AttributeValueSerializationError, ExpressionValidationError, validateAttributeValue, validateItem } from '../src/index.js';

const INVALID = 'One or more parameter values were invalid: ';

function messageOf(run: () => unknown): { type: string; message: string } {
  try {
    run();
  } catch (error) {
    return { type: (error as Error).constructor.name, message: (error as Error).message };
  }
  throw new Error('expected an error');
}

describe('validateAttributeValue', () => {
  it.each<[unknown, string]>([
    [{}, 'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes'],
    [{ X: 'y' }, 'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes'],
    [{ S: 'a', N: '1' }, 'Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes'],
    [{ N: 'x' }, 'The parameter cannot be converted to a numeric value: x'],
    [{ N: '' }, 'The parameter cannot be converted to a numeric value: '],
    [{ NULL: false }, `${INVALID}Null attribute value types must have the value of true`],
    [{ SS: [] }, `${INVALID}An string set  may not be empty`],
    [{ NS: [] }, `${INVALID}An number set  may not be empty`],
    [{ BS: [] }, `${INVALID}Binary sets should not be empty`],
    // Members before the first repeat in sort order, then the repeat, then the rest as sent.
    [{ SS: ['b', 'a', 'b'] }, `${INVALID}Input collection ["a", "b", "b"] contains duplicates.`],
    [{ SS: ['z', 'y', 'z', 'c', 'y'] }, `${INVALID}Input collection ["y", "z", "z", "c", "y"] contains duplicates.`],
    [{ SS: ['', ''] }, `${INVALID}Input collection ["", ""] contains duplicates.`],
    [{ NS: ['2', '1', '2.0'] }, `${INVALID}Input collection contains duplicates.`],
    [{ BS: ['/w==', 'AA==', 'AA=='] }, `${INVALID}Input collection ["AA==","/w==","AA=="]of type BS contains duplicates.`],
    [{ M: { a: { L: [{ N: '1E200' }] } } }, 'Number overflow. Attempting to store a number with magnitude larger than supported range'],
    [{ L: [{}] }, 'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes'],
  ])('rejects %j', (value, message) => {
    expect(messageOf(() => validateAttributeValue(value))).toEqual({ type: ExpressionValidationError.name, message });
  });

  it.each<[unknown, string]>([
    [{ BOOL: 'true' }, "'TRUE' can not be converted to an Boolean"],
    [{ BOOL: 1 }, 'class java.lang.Short can not be converted to an Boolean'],
    [{ S: 5 }, 'class java.lang.Short can not be converted to an String'],
    [{ S: {} }, 'Start of structure or map found where not expected.'],
    [{ B: 'abc' }, "'abc' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: 3"],
    [{ B: 'ab!=' }, "'ab!=' can not be converted to a Blob: Invalid Base64 character: '!'"],
    [{ B: 'AB==' }, "'AB==' can not be converted to a Blob: Invalid last non-pad Base64 character dectected"],
    [{ L: 'x' }, 'Expected list or null'],
    [{ M: [] }, 'Start of list found where not expected'],
  ])('refuses wrongly shaped JSON %j as a serialization error', (value, message) => {
    expect(messageOf(() => validateAttributeValue(value))).toEqual({ type: AttributeValueSerializationError.name, message });
  });

  it('returns a canonical copy and leaves the input alone', () => {
    const input = { M: { n: { N: '1.50' }, s: { NS: ['2E1', '3'] }, l: { L: [{ N: '-0' }, { S: '' }, { B: '' }] } } };
    const snapshot = JSON.stringify(input);
    expect(validateAttributeValue(input)).toEqual({
      M: { n: { N: '1.5' }, s: { NS: ['20', '3'] }, l: { L: [{ N: '0' }, { S: '' }, { B: '' }] } },
    });
    expect(JSON.stringify(input)).toBe(snapshot);
  });

  it('accepts 32 nesting levels and refuses 33', () => {
    const deep = (wraps: number) => {
      let value: object = { S: 'leaf' };
      for (let i = 0; i < wraps; i++) value = i % 2 ? { M: { n: value } } : { L: [value] };
      return value;
    };
    expect(() => validateAttributeValue(deep(31))).not.toThrow();
    expect(messageOf(() => validateItem({ data: deep(32) }))).toEqual({
      type: ExpressionValidationError.name,
      message: 'Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit',
    });
  });

  it('accepts every type', () => {
    const value = {
      M: {
        s: { S: 'x' }, n: { N: '1' }, b: { B: 'AQI=' }, t: { BOOL: false }, z: { NULL: true },
        ss: { SS: ['a'] }, ns: { NS: ['1'] }, bs: { BS: ['AQ=='] }, l: { L: [] }, m: { M: {} },
      },
    };
    expect(validateAttributeValue(value)).toEqual(value);
  });
});

describe('validateItem', () => {
  it('validates each attribute and skips nulls as the JSON reader does', () => {
    expect(validateItem({ a: { N: '01' }, b: null })).toEqual({ a: { N: '1' } });
    expect(() => validateItem({ a: { N: 'one' } })).toThrow('The parameter cannot be converted to a numeric value: one');
  });
});
