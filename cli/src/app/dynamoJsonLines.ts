import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Item } from './parallelScan.js';

/**
 * The format of DynamoDB's export to S3 (DYNAMODB_JSON): one `{"Item":{...}}` per line, binary
 * values as base64 text. The SDK gives and takes binary as bytes, so B and BS are converted.
 */
function convert(value: AttributeValue, bytes: (b: unknown) => unknown): AttributeValue {
  const v = value as unknown as Record<string, unknown>;
  if (v.B !== undefined) return { B: bytes(v.B) } as AttributeValue;
  if (v.BS !== undefined) return { BS: (v.BS as unknown[]).map(bytes) } as AttributeValue;
  if (v.L !== undefined) return { L: (v.L as AttributeValue[]).map((x) => convert(x, bytes)) };
  if (v.M !== undefined) return { M: convertItem(v.M as Item, bytes) };
  return value;
}

function convertItem(item: Item, bytes: (b: unknown) => unknown): Item {
  return Object.fromEntries(Object.entries(item).map(([name, value]) => [name, convert(value, bytes)]));
}

export function itemToLine(item: Item): string {
  return JSON.stringify({ Item: convertItem(item, (b) => Buffer.from(b as Uint8Array).toString('base64')) });
}

export function lineToItem(line: string, lineNumber: number): Item {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    throw new Error(`line ${lineNumber}: not JSON`);
  }
  const item = (parsed as { Item?: unknown })?.Item;
  if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new Error(`line ${lineNumber}: expected {"Item":{...}} (DynamoDB JSON)`);
  return convertItem(item as Item, (b) => new Uint8Array(Buffer.from(String(b), 'base64')));
}
