/**
 * DynamoDB's AttributeValue in its wire (JSON) form. Kuhiro keeps items in this form
 * everywhere above the CRDT layer: numbers stay decimal strings (never JS floats) and
 * binary stays base64, exactly as the JSON 1.0 protocol carries them.
 */
export type AttributeValue =
  | { S: string }
  | { N: string }
  | { B: string }
  | { BOOL: boolean }
  | { NULL: true }
  | { M: { [name: string]: AttributeValue } }
  | { L: AttributeValue[] }
  | { SS: string[] }
  | { NS: string[] }
  | { BS: string[] };

/** The one-letter (or two-letter) type tags, as DynamoDB names them. */
export type AttributeType = 'S' | 'N' | 'B' | 'BOOL' | 'NULL' | 'M' | 'L' | 'SS' | 'NS' | 'BS';

/** A set type tag. */
export type SetType = 'SS' | 'NS' | 'BS';

/** A scalar key type, the only types a table or index key attribute may have. */
export type ScalarKeyType = 'S' | 'N' | 'B';

/** An item: top-level attribute names to values. */
export type Item = { [name: string]: AttributeValue };

/** The type tag of a (valid) AttributeValue. */
export function attributeType(value: AttributeValue): AttributeType {
  // A valid AttributeValue has exactly one member; validation guarantees it before this runs.
  for (const key in value) return key as AttributeType;
  throw new Error('empty AttributeValue');
}
