import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { compareKeyValues, type AttributeValue } from '@kuhiro/expressions';
import { encodeKeyPrefix, encodeKeyValue, encodeNumber } from '../../src/table/keyEncoding.js';

const compareEncoded = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Decimal strings over DynamoDB's range: up to 38 significant digits, exponents -130..+125. */
const dynamoNumber = fc
  .tuple(
    fc.boolean(),
    fc.stringMatching(/^[1-9][0-9]{0,37}$/),
    fc.integer({ min: -129, max: 125 }),
    fc.constantFrom('e', 'E', 'plain'),
  )
  .map(([negative, digits, exponent, style]) => {
    const sign = negative ? '-' : '';
    if (style === 'plain' && exponent > -40 && exponent < 40) {
      // The same value written without an exponent: 0.d1d2... × 10^exponent.
      const pointAt = exponent;
      const text =
        pointAt <= 0
          ? `0.${'0'.repeat(-pointAt)}${digits}`
          : pointAt >= digits.length
            ? digits + '0'.repeat(pointAt - digits.length)
            : `${digits.slice(0, pointAt)}.${digits.slice(pointAt)}`;
      return sign + text;
    }
    return `${sign}0.${digits}${style === 'plain' ? 'e' : style}${exponent}`;
  });

const numberValue = fc.oneof(dynamoNumber, fc.constantFrom('0', '-0', '0.000', '1', '-1', '10', '1E+125', '-1E-130')).map(
  (N): AttributeValue => ({ N }),
);
/** Full-Unicode strings, including NUL and astral characters whose UTF-16 order differs from UTF-8's. */
const stringValue = fc.string({ unit: 'binary', maxLength: 12 }).map((S): AttributeValue => ({ S }));
const binaryValue = fc
  .uint8Array({ maxLength: 12 })
  .map((bytes): AttributeValue => ({ B: Buffer.from(bytes).toString('base64') }));

describe('encodeKeyValue', () => {
  const runs = { numRuns: 300 };

  it('orders N values as compareKeyValues does (sign, exponent, digits)', () => {
    fc.assert(
      fc.property(numberValue, numberValue, (a, b) => {
        expect(Math.sign(compareEncoded(encodeKeyValue(a, 'N'), encodeKeyValue(b, 'N')))).toBe(compareKeyValues(a, b));
      }),
      runs,
    );
  });

  it('orders S values by UTF-8 bytes as compareKeyValues does', () => {
    fc.assert(
      fc.property(stringValue, stringValue, (a, b) => {
        expect(Math.sign(compareEncoded(encodeKeyValue(a, 'S'), encodeKeyValue(b, 'S')))).toBe(compareKeyValues(a, b));
      }),
      runs,
    );
  });

  it('orders B values by unsigned bytes as compareKeyValues does', () => {
    fc.assert(
      fc.property(binaryValue, binaryValue, (a, b) => {
        expect(Math.sign(compareEncoded(encodeKeyValue(a, 'B'), encodeKeyValue(b, 'B')))).toBe(compareKeyValues(a, b));
      }),
      runs,
    );
  });

  it('orders two-attribute keys (S then N) in tuple order by plain concatenation', () => {
    fc.assert(
      fc.property(stringValue, numberValue, stringValue, numberValue, (s1, n1, s2, n2) => {
        const expected = compareKeyValues(s1, s2) || compareKeyValues(n1, n2);
        const a = encodeKeyValue(s1, 'S') + encodeKeyValue(n1, 'N');
        const b = encodeKeyValue(s2, 'S') + encodeKeyValue(n2, 'N');
        expect(Math.sign(compareEncoded(a, b))).toBe(expected);
      }),
      runs,
    );
  });

  it('keeps every char a byte, so the encoding can be stored as latin1', () => {
    fc.assert(
      fc.property(stringValue, numberValue, binaryValue, (s, n, b) => {
        const encoded = encodeKeyValue(s, 'S') + encodeKeyValue(n, 'N') + encodeKeyValue(b, 'B');
        for (let i = 0; i < encoded.length; i++) expect(encoded.charCodeAt(i)).toBeLessThan(256);
      }),
      runs,
    );
  });

  it('gives equal numbers written differently the same encoding', () => {
    expect(encodeNumber('1.50')).toBe(encodeNumber('15e-1'));
    expect(encodeNumber('-0')).toBe(encodeNumber('0.000'));
    expect(encodeNumber('100')).toBe(encodeNumber('1E2'));
  });

  it('orders the extremes of DynamoDB numbers', () => {
    const ordered = ['-9.9999999999999999999999999999999999999E+125', '-1', '-1E-130', '0', '1E-130', '1', '9.9999999999999999999999999999999999999E+125'];
    const encoded = ordered.map(encodeNumber);
    expect([...encoded].sort()).toEqual(encoded);
  });

  it('refuses a value of another type', () => {
    expect(() => encodeKeyValue({ S: '1' }, 'N')).toThrow(TypeError);
  });
});

describe('encodeKeyPrefix', () => {
  it('is a prefix of the encoding of exactly the values that begin with it', () => {
    fc.assert(
      fc.property(stringValue, stringValue, (prefix, value) => {
        const p = (prefix as { S: string }).S;
        const v = (value as { S: string }).S;
        const beginsWith = Buffer.from(v, 'utf8').subarray(0, Buffer.byteLength(p)).equals(Buffer.from(p, 'utf8'));
        expect(encodeKeyValue(value, 'S').startsWith(encodeKeyPrefix(prefix))).toBe(beginsWith);
      }),
      { numRuns: 300 },
    );
    expect(encodeKeyValue({ S: 'abc' }, 'S').startsWith(encodeKeyPrefix({ S: 'ab' }))).toBe(true);
  });
});
