import { createHash } from 'node:crypto';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

type Item = Record<string, AttributeValue>;

/** DynamoDB's numbers compare by value: `1.50`, `1.5` and `15e-1` are one number, spelled here as `15e-1`. */
export function canonicalNumber(text: string): string {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (!match) return text;
  const [, sign, intDigits = '', fracDigits = '', exponent = '0'] = match;
  // value = DIGITS x 10^(exponent - number of fraction digits)
  let digits = `${intDigits}${fracDigits}`.replace(/^0+/, '');
  let scale = Number(exponent) - fracDigits.length;
  if (digits === '') return '0';
  const trailing = /0*$/.exec(digits)![0].length;
  digits = digits.slice(0, digits.length - trailing);
  scale += trailing;
  return `${sign === '-' ? '-' : ''}${digits}e${scale}`;
}

/** The SDK gives binary as bytes; DynamoDB JSON (export files) as base64 text. */
function base64(value: unknown): string {
  return typeof value === 'string' ? value : Buffer.from(value as Uint8Array).toString('base64');
}

function canonicalValue(value: AttributeValue): unknown {
  const v = value as unknown as Record<string, unknown>;
  if (v.S !== undefined) return { S: v.S };
  if (v.N !== undefined) return { N: canonicalNumber(v.N as string) };
  if (v.B !== undefined) return { B: base64(v.B) };
  if (v.BOOL !== undefined) return { BOOL: v.BOOL };
  if (v.NULL !== undefined) return { NULL: true };
  // Sets have no order in DynamoDB: sort their members.
  if (v.SS !== undefined) return { SS: [...(v.SS as string[])].sort() };
  if (v.NS !== undefined) return { NS: (v.NS as string[]).map(canonicalNumber).sort() };
  if (v.BS !== undefined) return { BS: (v.BS as unknown[]).map(base64).sort() };
  if (v.L !== undefined) return { L: (v.L as AttributeValue[]).map(canonicalValue) };
  if (v.M !== undefined) return { M: canonicalItem(v.M as Item) };
  return v;
}

/** An item with sorted attribute names and canonical values: equal items give equal text. */
export function canonicalItem(item: Item): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(item).sort()) out[name] = canonicalValue(item[name]!);
  return out;
}

const MOD = 1n << 128n;
const MASK = MOD - 1n;

/**
 * Count + order-independent checksum of a set of items: the sum (mod 2^128) of each canonical
 * item's SHA-256 prefix. A sum, unlike XOR, does not cancel an item counted twice.
 */
export class ItemDigest {
  count = 0;
  private sum = 0n;

  add(item: Item): void {
    const hash = createHash('sha256').update(JSON.stringify(canonicalItem(item))).digest();
    // Two 64-bit reads, not a hex string: this runs for every item of both sides of a copy.
    this.sum = (this.sum + ((hash.readBigUInt64BE(0) << 64n) | hash.readBigUInt64BE(8))) & MASK;
    this.count++;
  }

  merge(other: ItemDigest): void {
    this.sum = (this.sum + other.sum) % MOD;
    this.count += other.count;
  }

  get checksum(): string {
    return this.sum.toString(16).padStart(32, '0');
  }
}
