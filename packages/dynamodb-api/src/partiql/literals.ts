import { canonicalNumber, validateAttributeValue, type AttributeValue } from '@kuhiro/expressions';
import { translateExpressionError } from '../validations/itemRequest.js';
import { ValidationException } from '../errors.js';
import type { Token } from './tokenizer.js';

/** 'text', 12.5, TRUE, FALSE, NULL as AttributeValues; undefined for any other token. */
export function scalarValue(token: Token): AttributeValue | undefined {
  if (token.kind === 'string') return { S: token.text };
  if (token.kind === 'number') return { N: canonicalNumber(token.text) };
  if (token.kind !== 'word') return undefined;
  if (token.upper === 'TRUE') return { BOOL: true };
  if (token.upper === 'FALSE') return { BOOL: false };
  if (token.upper === 'NULL') return { NULL: true };
  return undefined;
}

/**
 * `[a, b]` is a list, `{'k': v}` a map, `<<a, b>>` a set whose type its members decide
 * (strings SS, numbers NS, binaries BS; anything else is not a DynamoDB set). The result is
 * checked as a request value would be (empty sets, duplicates, number range).
 */
export function collectionValue(open: string, elements: Array<AttributeValue | [string, AttributeValue]>): AttributeValue {
  let value: AttributeValue;
  if (open === '[') value = { L: elements as AttributeValue[] };
  else if (open === '{') {
    // A null-prototype map keeps a member named "__proto__" as data.
    const map = Object.create(null) as Record<string, AttributeValue>;
    for (const [key, member] of elements as Array<[string, AttributeValue]>) map[key] = member;
    value = { M: map };
  } else value = setOf(elements as AttributeValue[]);
  try {
    return validateAttributeValue(value);
  } catch (err) {
    throw translateExpressionError(err);
  }
}

function setOf(members: AttributeValue[]): AttributeValue {
  if (members.length === 0) throw new ValidationException('Empty bags are not supported');
  if (members.every((m) => 'S' in m)) return { SS: members.map((m) => (m as { S: string }).S) };
  if (members.every((m) => 'N' in m)) return { NS: members.map((m) => (m as { N: string }).N) };
  if (members.every((m) => 'B' in m)) return { BS: members.map((m) => (m as { B: string }).B) };
  throw new ValidationException('Unsupported data type in Bag. DynamoDB only supports either numbers or strings in bags');
}
