import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { addNumbers, canonicalNumber, compareNumbers, negateNumber, subtractNumbers } from '../src/index.js';

describe('canonicalNumber', () => {
  it.each([
    ['1.50', '1.5'],
    ['1E2', '100'],
    ['-0', '0'],
    ['0.000', '0'],
    ['+7', '7'],
    ['007.100', '7.1'],
    ['.5', '0.5'],
    ['0042.1200', '42.12'],
    ['0e125', '0'],
    ['10E124', '1' + '0'.repeat(125)],
    ['0e-130', '0'],
    ['00.00100E-127', '0.' + '0'.repeat(129) + '1'],
    ['5.', '5'],
    ['-1.25e-3', '-0.00125'],
    ['1E125', '1' + '0'.repeat(125)],
    ['1E-130', '0.' + '0'.repeat(129) + '1'],
    ['12345678901234567890123456789012345678', '12345678901234567890123456789012345678'],
    ['1234567890123456789012345678901234567800000', '1234567890123456789012345678901234567800000'],
  ])('stores %s as %s', (input, expected) => {
    expect(canonicalNumber(input)).toBe(expected);
  });

  it.each([
    ['', 'The parameter cannot be converted to a numeric value: '],
    ['1e', 'The parameter cannot be converted to a numeric value: 1e'],
    ['.', 'The parameter cannot be converted to a numeric value: .'],
    ['1 ', 'The parameter cannot be converted to a numeric value: 1 '],
    ['1e9223372036854775808', 'The parameter cannot be converted to a numeric value: 1e9223372036854775808'],
    ['1e99999999999', 'Number overflow. Attempting to store a number with magnitude larger than supported range'],
    ['1e2147483648', 'Number overflow. Attempting to store a number with magnitude larger than supported range'],
    ['1e-99999999999', 'Number underflow. Attempting to store a number with magnitude smaller than supported range'],
    ['0e126', 'Number overflow. Attempting to store a number with magnitude larger than supported range'],
    ['0e-131', 'Number underflow. Attempting to store a number with magnitude smaller than supported range'],
    ['0.000e-128', 'Number underflow. Attempting to store a number with magnitude smaller than supported range'],
    ['0.1E-130', 'Number underflow. Attempting to store a number with magnitude smaller than supported range'],
    ['10E125', 'Number overflow. Attempting to store a number with magnitude larger than supported range'],
    ['abc', 'The parameter cannot be converted to a numeric value: abc'],
    ['1..2', 'The parameter cannot be converted to a numeric value: 1..2'],
    ['Infinity', 'The parameter cannot be converted to a numeric value: Infinity'],
    ['NaN', 'The parameter cannot be converted to a numeric value: NaN'],
    ['0x10', 'The parameter cannot be converted to a numeric value: 0x10'],
    [' 1', 'The parameter cannot be converted to a numeric value:  1'],
    ['1E126', 'Number overflow. Attempting to store a number with magnitude larger than supported range'],
    ['-1E126', 'Number overflow. Attempting to store a number with magnitude larger than supported range'],
    ['1E-131', 'Number underflow. Attempting to store a number with magnitude smaller than supported range'],
    ['123456789012345678901234567890123456789', 'Attempting to store more than 38 significant digits in a Number'],
  ])('rejects %p', (input, message) => {
    expect(() => canonicalNumber(input)).toThrow(message);
    try {
      canonicalNumber(input);
    } catch (error) {
      expect((error as Error).message).toBe(message);
      expect((error as Error).name).toBe('ExpressionValidationError');
    }
  });

  it('accepts the largest and smallest magnitudes', () => {
    expect(canonicalNumber('9.9999999999999999999999999999999999999E+125')).toBe('99999999999999999999999999999999999999' + '0'.repeat(88));
    expect(canonicalNumber('-1E-130')).toBe('-0.' + '0'.repeat(129) + '1');
  });

  const decimalText = fc
    .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 38n - 1n }), fc.integer({ min: -120, max: 80 }))
    .map(([negative, digits, exponent]) => `${negative ? '-' : ''}${digits}E${exponent}`);

  it('is idempotent and keeps the numeric value (property)', () => {
    fc.assert(
      fc.property(decimalText, (text) => {
        const canonical = canonicalNumber(text);
        expect(canonicalNumber(canonical)).toBe(canonical);
        expect(compareNumbers(canonical, text)).toBe(0);
        expect(canonical).not.toMatch(/[eE]|^-?0\d|\.\d*0$|^-0$/);
      }),
      { numRuns: 300 },
    );
  });
});

describe('arithmetic', () => {
  it('adds and subtracts exactly', () => {
    expect(addNumbers('0.1', '0.2')).toBe('0.3');
    expect(addNumbers('99999999999999999999999999999999999999', '1')).toBe('100000000000000000000000000000000000000');
    expect(subtractNumbers('1', '1')).toBe('0');
    expect(subtractNumbers('1E-130', '2E-130')).toBe('-0.' + '0'.repeat(129) + '1');
    expect(negateNumber('5')).toBe('-5');
    expect(negateNumber('0')).toBe('0');
  });

  it('reports overflow and lost precision with AWS messages', () => {
    expect(() => addNumbers('9.9999999999999999999999999999999999999E+125', '1E125')).toThrow(
      'Number overflow. Attempting to store a number with magnitude larger than supported range',
    );
    expect(() => addNumbers('1E37', '0.1')).toThrow('Attempting to store more than 38 significant digits in a Number');
  });

  it('add then subtract returns the start (property)', () => {
    const small = fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }).map((n) => `${n}E-5`);
    fc.assert(
      fc.property(small, small, (a, b) => {
        expect(compareNumbers(subtractNumbers(addNumbers(a, b), b), a)).toBe(0);
        expect(compareNumbers(addNumbers(a, b), addNumbers(b, a))).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  it('compares numerically, not textually', () => {
    expect(compareNumbers('10', '9')).toBe(1);
    expect(compareNumbers('-10', '-9')).toBe(-1);
    expect(compareNumbers('1.0', '1')).toBe(0);
  });
});
