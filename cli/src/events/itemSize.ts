import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/**
 * An item's size by DynamoDB's documented rules (attribute names plus values; strings and
 * binaries by length; numbers about one byte per two significant digits plus one; 1 byte for
 * booleans and nulls; 3 bytes plus 1 per element for lists and maps). Used for a stream record's
 * SizeBytes, which is an estimate on AWS too.
 */
export function attributeValueSize(value: AttributeValue): number {
  const v = value as unknown as Record<string, unknown>;
  if (typeof v.S === 'string') return Buffer.byteLength(v.S);
  if (typeof v.N === 'string') return numberSize(v.N);
  if (v.B instanceof Uint8Array) return v.B.length;
  if (typeof v.B === 'string') return Buffer.from(v.B, 'base64').length;
  if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
  if (Array.isArray(v.SS)) return (v.SS as string[]).reduce((sum, s) => sum + Buffer.byteLength(s), 0);
  if (Array.isArray(v.NS)) return (v.NS as string[]).reduce((sum, n) => sum + numberSize(n), 0);
  if (Array.isArray(v.BS)) return (v.BS as Uint8Array[]).reduce((sum, b) => sum + b.length, 0);
  if (Array.isArray(v.L)) return 3 + (v.L as AttributeValue[]).reduce((sum, e) => sum + 1 + attributeValueSize(e), 0);
  if (v.M && typeof v.M === 'object') return 3 + itemSize(v.M as Record<string, AttributeValue>) + Object.keys(v.M).length;
  return 0;
}

function numberSize(n: string): number {
  const digits = n.replace(/^[-+]/, '').replace(/[eE].*$/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return Math.ceil(Math.max(digits.length, 1) / 2) + 1;
}

export function itemSize(item: Record<string, AttributeValue>): number {
  return Object.entries(item).reduce((sum, [name, value]) => sum + Buffer.byteLength(name) + attributeValueSize(value), 0);
}
