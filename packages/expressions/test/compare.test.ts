import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { compareKeyValues, compareUtf8, encodeBase64, valuesEqual } from '../src/index.js';

const utf8 = new TextEncoder();
function byteOrder(a: string, b: string): number {
  const x = utf8.encode(a);
  const y = utf8.encode(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  return Math.sign(x.length - y.length);
}

describe('compareKeyValues', () => {
  it('orders strings by UTF-8 bytes, not UTF-16 code units', () => {
    // U+FFFD sorts before U+1F600 in UTF-8, but after it in JS string order.
    expect('\uFFFD' > '\u{1F600}').toBe(true);
    expect(compareKeyValues({ S: '\uFFFD' }, { S: '\u{1F600}' })).toBe(-1);
    expect(compareKeyValues({ S: 'a' }, { S: 'ab' })).toBe(-1);
    expect(compareKeyValues({ S: 'B' }, { S: 'a' })).toBe(-1);
  });

  it('orders numbers numerically', () => {
    expect(compareKeyValues({ N: '9' }, { N: '10' })).toBe(-1);
    expect(compareKeyValues({ N: '-1' }, { N: '-0.5' })).toBe(-1);
    expect(compareKeyValues({ N: '2.0' }, { N: '2' })).toBe(0);
  });

  it('orders binary as unsigned bytes', () => {
    const low = encodeBase64(new Uint8Array([0x7f]));
    const high = encodeBase64(new Uint8Array([0x80]));
    expect(compareKeyValues({ B: low }, { B: high })).toBe(-1);
    expect(compareKeyValues({ B: encodeBase64(new Uint8Array([1])) }, { B: encodeBase64(new Uint8Array([1, 0])) })).toBe(-1);
  });

  it('agrees with UTF-8 byte order and is a total order (property)', () => {
    const text = fc.string({ unit: 'binary', maxLength: 6 });
    fc.assert(
      fc.property(text, text, text, (a, b, c) => {
        expect(compareUtf8(a, b)).toBe(byteOrder(a, b));
        expect(compareUtf8(a, b)).toBe(-compareUtf8(b, a) || 0);
        if (compareUtf8(a, b) <= 0 && compareUtf8(b, c) <= 0) expect(compareUtf8(a, c)).toBeLessThanOrEqual(0);
      }),
      { numRuns: 300 },
    );
  });

  it('numbers: antisymmetric and transitive (property)', () => {
    const num = fc.tuple(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: -3, max: 3 })).map(([m, e]) => ({ N: `${m}E${e}` }));
    fc.assert(
      fc.property(num, num, num, (a, b, c) => {
        expect(compareKeyValues(a, b)).toBe(-compareKeyValues(b, a) || 0);
        if (compareKeyValues(a, b) <= 0 && compareKeyValues(b, c) <= 0) expect(compareKeyValues(a, c)).toBeLessThanOrEqual(0);
      }),
      { numRuns: 300 },
    );
  });
});

describe('valuesEqual', () => {
  it.each<[object, object, boolean]>([
    [{ N: '1' }, { N: '1.0' }, true],
    [{ SS: ['a', 'b'] }, { SS: ['b', 'a'] }, true],
    [{ NS: ['1', '2'] }, { NS: ['2', '1.00'] }, true],
    [{ SS: ['a'] }, { SS: ['a', 'b'] }, false],
    [{ L: [{ S: 'a' }, { S: 'b' }] }, { L: [{ S: 'b' }, { S: 'a' }] }, false],
    [{ M: { a: { N: '1' } } }, { M: { a: { N: '1' } } }, true],
    [{ M: { a: { N: '1' } } }, { M: { b: { N: '1' } } }, false],
    [{ S: '1' }, { N: '1' }, false],
    [{ NULL: true }, { NULL: true }, true],
    [{ BOOL: true }, { BOOL: false }, false],
  ])('%j = %j is %s', (a, b, equal) => {
    expect(valuesEqual(a as never, b as never)).toBe(equal);
  });
});
