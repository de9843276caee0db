import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { addNumbers, canonicalNumber, compareNumbers } from '../src/index.js';
import { numberShape } from '../src/number.js';

/**
 * Canonical integers of up to 15 digits take a shortcut past decimal.js (number.ts). Writing the
 * same value with a trailing ".0" sends it down the decimal.js path, so each property compares
 * the shortcut with the exact arithmetic on the same values.
 */
const smallInteger = fc.oneof(
  fc.integer({ min: -999_999_999_999_999, max: 999_999_999_999_999 }),
  fc.constantFrom(0, 1, -1, 10, -100, 999_999_999_999_999, -999_999_999_999_999, 100_000_000_000_000),
).map(String);
const viaDecimal = (text: string) => `${text}.0`;

describe('small-integer shortcut of DynamoDB numbers', () => {
  it('canonicalNumber, addNumbers and compareNumbers agree with decimal.js', () => {
    fc.assert(
      fc.property(smallInteger, smallInteger, (a, b) => {
        expect(canonicalNumber(a)).toBe(canonicalNumber(viaDecimal(a)));
        expect(addNumbers(a, b)).toBe(addNumbers(viaDecimal(a), viaDecimal(b)));
        expect(compareNumbers(a, b)).toBe(compareNumbers(viaDecimal(a), viaDecimal(b)));
      }),
      { numRuns: 2000 },
    );
  });

  it('numberShape (item sizes) agrees with decimal.js', () => {
    fc.assert(
      fc.property(smallInteger, (a) => {
        expect(numberShape(a)).toEqual(numberShape(viaDecimal(a)));
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves every other spelling to decimal.js', () => {
    expect(canonicalNumber('-0')).toBe('0');
    expect(canonicalNumber('007')).toBe('7');
    expect(canonicalNumber('+7')).toBe('7');
    expect(canonicalNumber('1234567890123456')).toBe('1234567890123456');
    expect(addNumbers('999999999999999', '999999999999999')).toBe('1999999999999998');
    expect(addNumbers('9999999999999999', '1')).toBe('10000000000000000');
  });
});
