import type { AttributeValue } from './attributeValue.js';
import { attributeType } from './attributeValue.js';
import { decodeBase64 } from './base64.js';
import { compareNumbers } from './number.js';

/**
 * Orders strings by their UTF-8 bytes, as DynamoDB sorts S keys. UTF-8 byte order equals
 * code point order, which differs from JS's UTF-16 order only when a surrogate pair
 * (U+10000 and above) meets a BMP character from U+E000 up.
 */
export function compareUtf8(a: string, b: string): -1 | 0 | 1 {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Equal prefixes mean i starts (or continues) the same code point structure in both.
    const cx = a.codePointAt(i)!;
    const cy = b.codePointAt(i)!;
    return cx < cy ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** Unsigned byte order, as DynamoDB sorts B keys. */
export function compareBytes(a: Uint8Array, b: Uint8Array): -1 | 0 | 1 {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** Compares two base64 binaries by their decoded bytes. */
export function compareBinary(a: string, b: string): -1 | 0 | 1 {
  return compareBytes(decodeBase64(a), decodeBase64(b));
}

/**
 * Orders two key values of the same scalar type (S, N or B) as DynamoDB sorts them.
 * Values of different types are ordered by type name (S < N < B is not a DynamoDB rule;
 * it only makes this a total order for callers that mix types).
 */
export function compareKeyValues(a: AttributeValue, b: AttributeValue): -1 | 0 | 1 {
  if ('S' in a && 'S' in b) return compareUtf8(a.S, b.S);
  if ('N' in a && 'N' in b) return compareNumbers(a.N, b.N);
  if ('B' in a && 'B' in b) return compareBinary(a.B, b.B);
  const ta = attributeType(a);
  const tb = attributeType(b);
  if (ta !== tb) return ta < tb ? -1 : 1;
  throw new Error(`compareKeyValues: ${ta} is not a key type`);
}

function sameMembers(a: string[], b: string[], equal: (x: string, y: string) => boolean): boolean {
  if (a.length !== b.length) return false;
  return a.every((x) => b.some((y) => equal(x, y)));
}

const binaryEqual = (x: string, y: string): boolean => compareBinary(x, y) === 0;
const numberEqual = (x: string, y: string): boolean => compareNumbers(x, y) === 0;
const stringEqual = (x: string, y: string): boolean => x === y;

/** Deep equality as DynamoDB's `=` sees it: sets ignore order, numbers compare numerically. */
export function valuesEqual(a: AttributeValue, b: AttributeValue): boolean {
  if ('S' in a) return 'S' in b && a.S === b.S;
  if ('N' in a) return 'N' in b && compareNumbers(a.N, b.N) === 0;
  if ('B' in a) return 'B' in b && binaryEqual(a.B, b.B);
  if ('BOOL' in a) return 'BOOL' in b && a.BOOL === b.BOOL;
  if ('NULL' in a) return 'NULL' in b;
  if ('SS' in a) return 'SS' in b && sameMembers(a.SS, b.SS, stringEqual);
  if ('NS' in a) return 'NS' in b && sameMembers(a.NS, b.NS, numberEqual);
  if ('BS' in a) return 'BS' in b && sameMembers(a.BS, b.BS, binaryEqual);
  if ('L' in a) return 'L' in b && a.L.length === b.L.length && a.L.every((x, i) => valuesEqual(x, b.L[i]!));
  if ('M' in a) {
    if (!('M' in b)) return false;
    const keys = Object.keys(a.M);
    if (keys.length !== Object.keys(b.M).length) return false;
    return keys.every((key) => key in b.M && valuesEqual(a.M[key]!, b.M[key]!));
  }
  return false;
}
