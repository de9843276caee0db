import type { AttributeValue, Item } from './attributeValue.js';
import { base64ByteLength } from './base64.js';
import { numberShape } from './number.js';


/** UTF-8 byte length of a string (AWS sizes names and strings in UTF-8). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * Size of a number as DynamoDB stores it: digits packed two per byte, pairs aligned on the
 * decimal point (so "1.2" takes two digit bytes, "12" one), plus one byte, plus one more for
 * a negative number. Zero is 1 byte. Agrees with the AWS guide's "1 byte per two significant
 * digits + 1" and with dynalite's formula, which was measured against DynamoDB.
 */
function numberSize(text: string): number {
  const shape = numberShape(text);
  if (shape.zero) return 1;
  const lowestPosition = shape.exponent - shape.digits + 1;
  const pairs = Math.floor(shape.exponent / 2) - Math.floor(lowestPosition / 2) + 1;
  return 1 + pairs + (shape.negative ? 1 : 0);
}

/** Size of a value without its attribute name ("Item sizes and formats" in the DynamoDB guide). */
export function attributeValueSize(value: AttributeValue): number {
  if ('S' in value) return utf8Length(value.S);
  if ('N' in value) return numberSize(value.N);
  if ('B' in value) return base64ByteLength(value.B);
  if ('BOOL' in value || 'NULL' in value) return 1;
  if ('SS' in value) return value.SS.reduce((sum, member) => sum + utf8Length(member), 0);
  if ('NS' in value) return value.NS.reduce((sum, member) => sum + numberSize(member), 0);
  if ('BS' in value) return value.BS.reduce((sum, member) => sum + base64ByteLength(member), 0);
  // List and map: 3 bytes of overhead, plus 1 byte per element.
  if ('L' in value) return 3 + value.L.reduce((sum, element) => sum + 1 + attributeValueSize(element), 0);
  if ('M' in value) {
    let size = 3;
    for (const key of Object.keys(value.M)) size += 1 + utf8Length(key) + attributeValueSize(value.M[key]!);
    return size;
  }
  throw new Error('unknown AttributeValue type');
}

/** Total item size: per attribute, UTF-8 name bytes + value size. The 400 KB limit applies to this. */
export function itemSize(item: Item): number {
  let size = 0;
  for (const name of Object.keys(item)) size += utf8Length(name) + attributeValueSize(item[name]!);
  return size;
}

