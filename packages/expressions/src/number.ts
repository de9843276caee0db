import { Decimal as DecimalBase } from 'decimal.js';
import { ExpressionValidationError } from './errors.js';

/**
 * DynamoDB numbers: up to 38 significant digits, magnitude between 1E-130 and
 * 9.9999999999999999999999999999999999999E+125 (plus zero). Arithmetic is exact: the
 * precision below is large enough to hold any sum of two in-range numbers (126 integer
 * digits + 130 fraction digits), so rounding never happens before the range check.
 */
const Decimal = DecimalBase.clone({ precision: 400, rounding: DecimalBase.ROUND_HALF_EVEN, toExpNeg: -9e15, toExpPos: 9e15 });
type Decimal = DecimalBase;

const MAX_SIGNIFICANT_DIGITS = 38;
const MAX_EXPONENT = 125;
const MIN_EXPONENT = -130;
const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

/** Java BigDecimal's accepted syntax, which is what DynamoDB parses numbers with. */
const NUMBER_SYNTAX = /^[+-]?(\d+)?(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

const OVERFLOW = 'Number overflow. Attempting to store a number with magnitude larger than supported range';
const UNDERFLOW = 'Number underflow. Attempting to store a number with magnitude smaller than supported range';

/** Throws AWS's error when the exponent of the most significant digit is out of range. */
function checkRange(exponent: bigint): void {
  if (exponent > BigInt(MAX_EXPONENT)) throw new ExpressionValidationError(OVERFLOW);
  if (exponent < BigInt(MIN_EXPONENT)) throw new ExpressionValidationError(UNDERFLOW);
}

/**
 * Parses a number as DynamoDB does. The exponent is read in full before the range check
 * (`1e99999999999` is an overflow, not a wrap-around), an exponent beyond a 64-bit integer
 * cannot be converted at all, and zero is range-checked by the exponent it is written
 * with (`0e126` overflows), as AWS answers (paritysuite/dynamodb-conformance captures).
 */
function parse(text: string): Decimal {
  const match = NUMBER_SYNTAX.exec(text);
  const integerDigits = match?.[1] ?? '';
  const fractionDigits = match?.[2] ?? '';
  if (!match || integerDigits.length + fractionDigits.length === 0) {
    // Since 2026 AWS keeps the colon even for an empty string: "...numeric value: ".
    throw new ExpressionValidationError(`The parameter cannot be converted to a numeric value: ${text}`);
  }
  const exponent = BigInt(match[3] ?? '0');
  if (exponent > INT64_MAX || exponent < INT64_MIN) {
    throw new ExpressionValidationError(`The parameter cannot be converted to a numeric value: ${text}`);
  }
  const digits = integerDigits + fractionDigits;
  const firstSignificant = digits.search(/[1-9]/);
  if (firstSignificant < 0) {
    // A zero keeps its scale (BigDecimal); its exponent is the written one less the fraction digits.
    checkRange(exponent - BigInt(fractionDigits.length));
    return new Decimal(0);
  }
  checkRange(exponent + BigInt(integerDigits.length - 1 - firstSignificant));
  return new Decimal(text);
}

/** Throws AWS's error when a value cannot be stored; returns its canonical text. */
function toCanonical(value: Decimal): string {
  if (value.isZero()) return '0';
  // decimal.js keeps `e` as the exponent of the most significant digit, like DynamoDB's range.
  checkRange(BigInt(value.e));
  if (value.sd() > MAX_SIGNIFICANT_DIGITS) {
    throw new ExpressionValidationError('Attempting to store more than 38 significant digits in a Number');
  }
  // DynamoDB answers with plain notation and no insignificant zeros: "1E2" -> "100", "1.50" -> "1.5".
  return value.toFixed();
}

/**
 * Integers written canonically with at most 15 digits: exact as JS numbers, and so are their
 * sums (< 2^53), always in DynamoDB's range. Most numbers items carry (counters, timestamps,
 * prices in cents) are these; for them the functions below skip decimal.js, whose parse was
 * ~3% of a write request's CPU (validation, unchanged-value checks, counters, item sizes).
 */
const SMALL_INTEGER = /^(?:0|-?[1-9]\d{0,14})$/;

/** Validates a DynamoDB number and returns the form DynamoDB stores and returns. */
export function canonicalNumber(text: string): string {
  if (SMALL_INTEGER.test(text)) return text;
  return toCanonical(parse(text));
}

/** a + b, exact; throws AWS's overflow/underflow/precision error when the result cannot be stored. */
export function addNumbers(a: string, b: string): string {
  if (SMALL_INTEGER.test(a) && SMALL_INTEGER.test(b)) return String(Number(a) + Number(b));
  return toCanonical(parse(a).plus(parse(b)));
}

/** a - b, exact. */
export function subtractNumbers(a: string, b: string): string {
  return toCanonical(parse(a).minus(parse(b)));
}

/** -a. */
export function negateNumber(a: string): string {
  return toCanonical(parse(a).negated());
}

/** Numeric comparison of two DynamoDB numbers. */
export function compareNumbers(a: string, b: string): -1 | 0 | 1 {
  if (SMALL_INTEGER.test(a) && SMALL_INTEGER.test(b)) {
    const x = Number(a);
    const y = Number(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return parse(a).comparedTo(parse(b)) as -1 | 0 | 1;
}

/** Significant digits and exponent of a canonical number, for item size accounting. */
export function numberShape(text: string): { digits: number; exponent: number; negative: boolean; zero: boolean } {
  if (SMALL_INTEGER.test(text)) {
    if (text === '0') return { digits: 1, exponent: 0, negative: false, zero: true };
    const negative = text.charCodeAt(0) === 0x2d; /* - */
    const magnitude = negative ? text.slice(1) : text;
    let significant = magnitude.length;
    while (magnitude.charCodeAt(significant - 1) === 0x30 /* 0 */) significant--;
    return { digits: significant, exponent: magnitude.length - 1, negative, zero: false };
  }
  const value = parse(text);
  return { digits: value.sd(), exponent: value.e, negative: value.isNegative(), zero: value.isZero() };
}
