import fc from 'fast-check';
import type { AttributeValue } from '@kuhiro/expressions';

/**
 * Random items of every attribute type for property tests of fresh puts: nested M/L, sets in
 * any member order, numbers written non-canonically, integer-like names (JS puts them first).
 */
// Names and text with the characters the key format escapes or separates on, and non-ASCII.
export const text = fc.string({ unit: fc.constantFrom('a', 'b', 'Z', '0', '9', '%', '#', '.', ' ', '\u0001', '\u0005', 'é', '漢', '😀'), maxLength: 6 });
const name = text;
export const numberText = fc.oneof(fc.integer().map(String), fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => String(d)), fc.constantFrom('1E+10', '-0.000', '12345678901234567890123456789012345678'));
const uniqueStrings = (item: fc.Arbitrary<string>) => fc.uniqueArray(item, { minLength: 1, maxLength: 5 });

export const attributeValue: fc.Arbitrary<AttributeValue> = fc.letrec<{ value: AttributeValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text.map((S) => ({ S })),
    numberText.map((N) => ({ N })),
    fc.base64String({ maxLength: 12 }).map((B) => ({ B })),
    fc.boolean().map((BOOL) => ({ BOOL })),
    fc.constant({ NULL: true as const }),
    uniqueStrings(text).map((SS) => ({ SS })),
    uniqueStrings(numberText).map((NS) => ({ NS })),
    uniqueStrings(fc.base64String({ minLength: 4, maxLength: 8 })).map((BS) => ({ BS })),
    fc.dictionary(name, tie('value'), { maxKeys: 4 }).map((M) => ({ M })),
    fc.array(tie('value'), { maxLength: 4 }).map((L) => ({ L })),
  ),
})).value;

export const item = fc.dictionary(name, attributeValue, { maxKeys: 6 });
// Small ids, ids past 2^31 (lib0 then writes the register's `w` as a float) and the largest.
export const clientId = fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 2 ** 31 - 2, max: 2 ** 32 - 1 }));

