import type { AttributeValue } from '../attributeValue.js';
import { attributeType } from '../attributeValue.js';

/** AWS's spelling of a type in ADD/DELETE operand errors. */
export const UPDATE_TYPE_NAMES: Record<string, string> = {
  S: 'STRING',
  N: 'NUMBER',
  B: 'BINARY',
  NULL: 'NULL',
  BOOL: 'BOOLEAN',
  L: 'LIST',
  M: 'MAP',
  SS: 'STRING_SET',
  NS: 'NUMBER_SET',
  BS: 'BINARY_SET',
};

/** How AWS prints an AttributeValue inside BETWEEN messages: "{N:5}". */
export function valueText(value: AttributeValue): string {
  const type = attributeType(value);
  const raw = (value as Record<string, unknown>)[type];
  return `{${type}:${Array.isArray(raw) ? `[${raw.join(', ')}]` : String(raw)}}`;
}

export function samePath(a: Array<string | number>, b: Array<string | number>): boolean {
  return a.length === b.length && a.every((element, i) => element === b[i]);
}
