import type { AttributeValue, ScalarKeyType } from '@kuhiro/expressions';

/**
 * Order-preserving encoding of key values into "byte strings": JS strings whose every char
 * code is one byte (0..255, i.e. latin1). Comparing two encodings with `<` (UTF-16 code units)
 * then orders them exactly as DynamoDB orders the values:
 * - S by the unsigned bytes of their UTF-8 form (not by UTF-16 code units, which differ for
 *   characters above U+FFFF versus U+E000..U+FFFF),
 * - N numerically over DynamoDB's whole range (38 digits, exponents -130..+125),
 * - B by unsigned bytes.
 * Every encoding is self-delimiting and prefix-free, so a tuple of values (a multi-attribute
 * key, or index key + table key) is encoded by concatenation and still compares in tuple order.
 */

/** A byte string greater than every byte string that starts with a given prefix, when appended to it. */
export const PREFIX_END = '\u0100';

const NUMBER_NEGATIVE = 0x01;
const NUMBER_ZERO = 0x02;
const NUMBER_POSITIVE = 0x03;
/** Exponents are stored offset by this in two bytes, so any exponent in ±32767 fits. */
const EXPONENT_BIAS = 0x8000;
/** Ends a negative number's (complemented) digits: above every digit char, so -0.12 > -0.123. */
const NEGATIVE_TERMINATOR = '\u00ff';
/** Ends a positive number's digits: below every digit char, so 0.12 < 0.123. */
const POSITIVE_TERMINATOR = '\u0000';

/** Encodes one key value of the given type; throws if the value is not of that type. */
export function encodeKeyValue(value: AttributeValue, type: ScalarKeyType): string {
  switch (type) {
    case 'S':
      if (!('S' in value)) break;
      return escapeBytes(Buffer.from(value.S, 'utf8')) + '\u0000\u0000';
    case 'B':
      if (!('B' in value)) break;
      return escapeBytes(Buffer.from(value.B, 'base64')) + '\u0000\u0000';
    case 'N':
      if (!('N' in value)) break;
      return encodeNumber(value.N);
  }
  throw new TypeError(`key value is not of type ${type}`);
}

/**
 * The encoding of an S or B value without its terminator: every value that begins with
 * `value` (begins_with in a KeyConditionExpression) has an encoding that starts with it.
 */
export function encodeKeyPrefix(value: AttributeValue): string {
  if ('S' in value) return escapeBytes(Buffer.from(value.S, 'utf8'));
  if ('B' in value) return escapeBytes(Buffer.from(value.B, 'base64'));
  throw new TypeError('begins_with needs an S or B value');
}

/**
 * Zero bytes become 0x00 0x01 and the terminator is 0x00 0x00, so a value sorts before every
 * longer value it is a prefix of, whatever bytes follow the terminator.
 */
function escapeBytes(bytes: Buffer): string {
  const text = bytes.toString('latin1');
  return text.includes('\u0000') ? text.replaceAll('\u0000', '\u0000\u0001') : text;
}

/** Sign byte, then (for non-zero) the decimal exponent and the significant digits. */
export function encodeNumber(decimal: string): string {
  const { negative, digits, exponent } = parseDecimal(decimal);
  if (digits.length === 0) return String.fromCharCode(NUMBER_ZERO);
  // value = 0.d1d2d3... × 10^exponent with d1 != 0: a larger exponent means a larger magnitude.
  const biased = exponent + EXPONENT_BIAS;
  if (!negative) {
    return (
      String.fromCharCode(NUMBER_POSITIVE, biased >> 8, biased & 0xff) + digits + POSITIVE_TERMINATOR
    );
  }
  // Negative: everything complemented, so a larger magnitude sorts lower.
  const inverted = 0xffff - biased;
  let complemented = '';
  for (let i = 0; i < digits.length; i++) complemented += String.fromCharCode(0x69 - digits.charCodeAt(i));
  return String.fromCharCode(NUMBER_NEGATIVE, inverted >> 8, inverted & 0xff) + complemented + NEGATIVE_TERMINATOR;
}

interface ParsedDecimal {
  negative: boolean;
  /** Significant digits, no leading or trailing zeros; empty for zero. */
  digits: string;
  /** Decimal exponent of 0.digits. */
  exponent: number;
}

/** Parses DynamoDB's number syntax: optional sign, digits with an optional point, optional exponent. */
export function parseDecimal(decimal: string): ParsedDecimal {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(decimal.trim());
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) throw new TypeError(`not a number: ${decimal}`);
  const integerPart = match[2]!;
  const fractionPart = match[3] ?? '';
  let digits = integerPart + fractionPart;
  let exponent = integerPart.length + Number(match[4] ?? '0');
  let leading = 0;
  while (leading < digits.length && digits.charCodeAt(leading) === 0x30) leading++;
  digits = digits.slice(leading);
  exponent -= leading;
  let end = digits.length;
  while (end > 0 && digits.charCodeAt(end - 1) === 0x30) end--;
  digits = digits.slice(0, end);
  return { negative: match[1] === '-' && digits.length > 0, digits, exponent: digits.length ? exponent : 0 };
}
