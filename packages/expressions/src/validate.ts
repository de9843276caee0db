import type { AttributeValue, Item } from './attributeValue.js';
import { base64Problem } from './base64.js';
import { AttributeValueSerializationError, ExpressionValidationError } from './errors.js';
import { compareBinary, compareUtf8 } from './compare.js';
import { canonicalNumber } from './number.js';
import { setOwnMember } from './ownMember.js';

const TYPE_TAGS = ['S', 'N', 'B', 'BOOL', 'NULL', 'M', 'L', 'SS', 'NS', 'BS'] as const;
const INVALID = 'One or more parameter values were invalid: ';

/** What AWS's JSON reader calls a JSON value of the wrong shape. */
function javaClassOf(value: unknown): string {
  if (typeof value === 'boolean') return 'java.lang.Boolean';
  if (typeof value === 'string') return 'java.lang.String';
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return 'java.lang.Double';
    if (value >= -32768 && value <= 32767) return 'java.lang.Short';
    if (value >= -2147483648 && value <= 2147483647) return 'java.lang.Integer';
    return 'java.lang.Long';
  }
  return 'java.lang.Object';
}

function structureMisplaced(value: unknown): AttributeValueSerializationError | undefined {
  if (Array.isArray(value)) return new AttributeValueSerializationError('Start of list found where not expected');
  if (value !== null && typeof value === 'object') {
    return new AttributeValueSerializationError('Start of structure or map found where not expected.');
  }
  return undefined;
}

function expectString(value: unknown): string {
  if (typeof value === 'string') return value;
  throw structureMisplaced(value) ?? new AttributeValueSerializationError(`class ${javaClassOf(value)} can not be converted to an String`);
}

function expectBlob(value: unknown): string {
  if (typeof value !== 'string') {
    throw structureMisplaced(value) ?? new AttributeValueSerializationError(`class ${javaClassOf(value)} can not be converted to a Blob`);
  }
  const problem = base64Problem(value);
  if (problem) throw new AttributeValueSerializationError(`'${value}' can not be converted to a Blob: ${problem}`);
  return value;
}

function expectBoolean(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    throw new AttributeValueSerializationError(`'${value.toUpperCase()}' can not be converted to an Boolean`);
  }
  throw structureMisplaced(value) ?? new AttributeValueSerializationError(`class ${javaClassOf(value)} can not be converted to an Boolean`);
}

function expectList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value !== null && typeof value === 'object') {
    throw new AttributeValueSerializationError('Start of structure or map found where not expected.');
  }
  throw new AttributeValueSerializationError('Expected list or null');
}

function expectMap(value: unknown): Record<string, unknown> {
  if (Array.isArray(value)) throw new AttributeValueSerializationError('Start of list found where not expected');
  if (value !== null && typeof value === 'object') return value as Record<string, unknown>;
  throw new AttributeValueSerializationError('Expected map or null');
}

/** Index of the first member equal to an earlier one, or -1. */
function firstRepeat(values: string[]): number {
  const seen = new Set<string>();
  for (let i = 0; i < values.length; i++) {
    if (seen.has(values[i]!)) return i;
    seen.add(values[i]!);
  }
  return -1;
}

/**
 * How AWS lists a set with a repeated member: the members before the first repeat in sort
 * order, then the repeat, then the rest as sent, each quoted. String sets are joined with
 * ", ", binary sets with "," (captured against AWS, 2026-10: `["a", "b", "b"]`,
 * `["AA==","/w==","AA=="]`).
 */
function duplicateListing(values: string[], repeat: number, order: (a: string, b: string) => number, separator: string): string {
  const listed = [...values.slice(0, repeat).sort(order), ...values.slice(repeat)];
  return `[${listed.map((value) => JSON.stringify(value)).join(separator)}]`;
}

/**
 * Checks one AttributeValue the way DynamoDB does and returns a canonical copy (numbers in
 * canonical form, number-set members canonical). The input is never mutated.
 * Throws ExpressionValidationError (ValidationException) for semantic problems and
 * AttributeValueSerializationError (SerializationException) for wrongly shaped JSON.
 */
export function validateAttributeValue(value: unknown): AttributeValue {
  return validateAt(value, 1);
}

/**
 * DynamoDB accepts documents nested 32 levels deep, counting the attribute itself as
 * level 1 (a value in 31 maps is the deepest accepted; captured against AWS, 2026-06).
 */
const MAX_NESTING_LEVEL = 32;

function validateAt(value: unknown, level: number): AttributeValue {
  if (level > MAX_NESTING_LEVEL) {
    throw new ExpressionValidationError(
      'Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit',
    );
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw structureMisplaced(value) ?? new AttributeValueSerializationError('Unexpected value type in payload');
  }
  const record = value as Record<string, unknown>;
  // AWS's reader drops unknown members and nulls before validation sees the value.
  const present = TYPE_TAGS.filter((tag) => record[tag] !== undefined && record[tag] !== null);
  if (present.length === 0) {
    throw new ExpressionValidationError('Supplied AttributeValue is empty, must contain exactly one of the supported datatypes');
  }
  // Each member is checked (in AWS's order) before the "more than one" complaint.
  let result: AttributeValue | undefined;
  for (const tag of present) {
    const checked = validateMember(tag, record[tag], level);
    result ??= checked;
  }
  if (present.length > 1) {
    throw new ExpressionValidationError(
      'Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes',
    );
  }
  return result!;
}

function validateMember(tag: (typeof TYPE_TAGS)[number], raw: unknown, level: number): AttributeValue {
  switch (tag) {
    case 'S':
      return { S: expectString(raw) };
    case 'N':
      return { N: canonicalNumber(expectString(raw)) };
    case 'B':
      return { B: expectBlob(raw) };
    case 'BOOL':
      return { BOOL: expectBoolean(raw) };
    case 'NULL':
      if (!expectBoolean(raw)) throw new ExpressionValidationError(`${INVALID}Null attribute value types must have the value of true`);
      return { NULL: true };
    case 'SS': {
      const members = expectList(raw).map(expectString);
      if (members.length === 0) throw new ExpressionValidationError(`${INVALID}An string set  may not be empty`);
      const repeat = firstRepeat(members);
      if (repeat >= 0) {
        throw new ExpressionValidationError(`${INVALID}Input collection ${duplicateListing(members, repeat, compareUtf8, ', ')} contains duplicates.`);
      }
      return { SS: members };
    }
    case 'NS': {
      const list = expectList(raw);
      if (list.length === 0) throw new ExpressionValidationError(`${INVALID}An number set  may not be empty`);
      const members = list.map((member) => canonicalNumber(expectString(member)));
      // Duplicates are judged numerically ("1" and "1.0" are the same member).
      if (firstRepeat(members) >= 0) throw new ExpressionValidationError(`${INVALID}Input collection contains duplicates.`);
      return { NS: members };
    }
    case 'BS': {
      const members = expectList(raw).map(expectBlob);
      if (members.length === 0) throw new ExpressionValidationError(`${INVALID}Binary sets should not be empty`);
      const repeat = firstRepeat(members);
      if (repeat >= 0) {
        // Sic: AWS's message has no space before "of type BS".
        throw new ExpressionValidationError(`${INVALID}Input collection ${duplicateListing(members, repeat, compareBinary, ',')}of type BS contains duplicates.`);
      }
      return { BS: members };
    }
    case 'M': {
      const map = expectMap(raw);
      const copy: { [name: string]: AttributeValue } = {};
      for (const key of Object.keys(map)) {
        if (map[key] === null || map[key] === undefined) continue;
        setOwnMember(copy, key, validateAt(map[key], level + 1));
      }
      return { M: copy };
    }
    case 'L':
      return { L: expectList(raw).map((element) => validateAt(element, level + 1)) };
  }
}

/** Validates every attribute of an item; returns a canonical copy. */
export function validateItem(item: unknown): Item {
  const map = expectMap(item);
  const copy: Item = {};
  for (const name of Object.keys(map)) {
    if (map[name] === null || map[name] === undefined) continue;
    setOwnMember(copy, name, validateAttributeValue(map[name]));
  }
  return copy;
}
