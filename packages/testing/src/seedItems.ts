import { readFile } from 'node:fs/promises';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';

export type DynamoDbItem = Record<string, AttributeValue>;
export type PlainItem = Record<string, unknown>;

/**
 * How seed items are written: `plain` JSON objects are marshalled (numbers become N, arrays L,
 * objects M, Sets SS/NS), `dynamodb` items are DynamoDB JSON (`{"id":{"S":"a"}}`) as the API and
 * `aws dynamodb scan` print them. `auto` (default) treats an item as DynamoDB JSON when every
 * attribute is a one-key type descriptor, else as plain.
 */
export type SeedFormat = 'auto' | 'plain' | 'dynamodb';

const DESCRIPTOR_CHECKS: Record<string, (value: unknown) => boolean> = {
  S: (v) => typeof v === 'string',
  N: (v) => typeof v === 'string',
  B: (v) => typeof v === 'string' || v instanceof Uint8Array,
  BOOL: (v) => typeof v === 'boolean',
  NULL: (v) => v === true,
  M: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  L: (v) => Array.isArray(v),
  SS: (v) => Array.isArray(v),
  NS: (v) => Array.isArray(v),
  BS: (v) => Array.isArray(v),
};

function isTypeDescriptor(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  if (keys.length !== 1) return false;
  const check = DESCRIPTOR_CHECKS[keys[0]!];
  return check !== undefined && check((value as Record<string, unknown>)[keys[0]!]);
}

export function looksLikeDynamoDbJson(item: PlainItem): boolean {
  const values = Object.values(item);
  return values.length > 0 && values.every(isTypeDescriptor);
}

/** DynamoDB JSON read from a file carries binaries as base64 strings; the SDK wants bytes. */
function decodeBinaries(value: AttributeValue): AttributeValue {
  // Loosely typed on purpose: AttributeValue is a union the compiler cannot narrow by `in` checks here.
  const v = value as { B?: unknown; BS?: unknown[]; M?: Record<string, AttributeValue>; L?: AttributeValue[] };
  const bytes = (b: unknown) => (typeof b === 'string' ? Buffer.from(b, 'base64') : (b as Uint8Array));
  if (v.B !== undefined) return { B: bytes(v.B) };
  if (v.BS !== undefined) return { BS: v.BS.map(bytes) };
  if (v.M !== undefined) return { M: Object.fromEntries(Object.entries(v.M).map(([k, m]) => [k, decodeBinaries(m)])) };
  if (v.L !== undefined) return { L: v.L.map(decodeBinaries) };
  return value;
}

export function toDynamoDbItem(item: PlainItem, format: SeedFormat = 'auto'): DynamoDbItem {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new TypeError(`a seed item must be an object, not ${JSON.stringify(item)}`);
  const dynamoJson = format === 'dynamodb' || (format === 'auto' && looksLikeDynamoDbJson(item));
  if (dynamoJson) return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, decodeBinaries(v as AttributeValue)]));
  return marshall(item, { removeUndefinedValues: true, convertClassInstanceToMap: true });
}

/**
 * Items from a seed file: a JSON array of items, a Scan answer (`{"Items": [...]}`), or JSON
 * Lines (`.jsonl`/`.ndjson`, one item per line, or `{"Item": ...}` per line as DynamoDB's S3
 * export and `kuhiro export` write).
 */
export async function readSeedFile(path: string): Promise<PlainItem[]> {
  const text = await readFile(path, 'utf8');
  if (/\.(jsonl|ndjson)$/i.test(path)) {
    return text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line, i) => {
        try {
          const parsed = JSON.parse(line) as PlainItem;
          return isItemWrapper(parsed) ? (parsed.Item as PlainItem) : parsed;
        } catch (err) {
          throw new Error(`${path} line ${i + 1} is not JSON: ${(err as Error).message}`);
        }
      });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${path} is not JSON: ${(err as Error).message}`);
  }
  if (Array.isArray(json)) return json as PlainItem[];
  if (typeof json === 'object' && json !== null && Array.isArray((json as { Items?: unknown }).Items)) return (json as { Items: PlainItem[] }).Items;
  throw new Error(`${path} must hold a JSON array of items or {"Items": [...]}`);
}

function isItemWrapper(value: PlainItem): boolean {
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === 'Item' && typeof value.Item === 'object' && value.Item !== null;
}
