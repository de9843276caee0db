import { createHash, createHmac } from 'node:crypto';

export const ALGORITHM = 'AWS4-HMAC-SHA256';
export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** RFC 3986 encoding as SigV4 wants it: everything but A-Z a-z 0-9 - _ . ~ is %XX. */
export function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

/**
 * The canonical URI of a non-S3 service: the path as sent on the wire (already encoded once by
 * the client), with empty, "." and ".." segments normalized, then encoded again (AWS's "double
 * encoding"; `/functions/a%3Ab` is signed as `/functions/a%253Ab`), keeping the slashes.
 */
export function canonicalUri(rawPath: string): string {
  const segments: string[] = [];
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const trailing = segments.length > 0 && rawPath.endsWith('/') ? '/' : '';
  const normalized = '/' + segments.join('/') + trailing;
  return uriEncode(normalized).replace(/%2F/g, '/');
}

/** Decodes one query component; a malformed escape is kept as-is (the signature then fails). */
function decodeComponent(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Query parameters in wire order, decoded. Keys may repeat. */
export function parseQuery(rawQuery: string): Array<[string, string]> {
  if (rawQuery === '') return [];
  return rawQuery
    .split('&')
    .filter((part) => part !== '')
    .map((part) => {
      const eq = part.indexOf('=');
      return eq < 0
        ? [decodeComponent(part), '']
        : [decodeComponent(part.slice(0, eq)), decodeComponent(part.slice(eq + 1))];
    });
}

/** Sorted by encoded key, then encoded value; `X-Amz-Signature` itself is left out. */
export function canonicalQuery(params: Array<[string, string]>): string {
  return params
    .filter(([key]) => key !== 'X-Amz-Signature')
    .map(([key, value]) => [uriEncode(key), uriEncode(value)] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
}

/** Anything that `canonicalValue` would change: a line break, a tab, two spaces, a space at either end. */
const NEEDS_NORMALIZING = /[\r\n\t]| {2}|^ | $/;

/** One header value as signed: line breaks as spaces, whitespace runs collapsed, trimmed. */
function canonicalValue(value: string): string {
  // Most values (dates, hashes, host, content type) are already canonical: no regex rewrites for them.
  if (!NEEDS_NORMALIZING.test(value)) return value;
  return value.replace(/[\r\n]/g, ' ').replace(/[ \t]+/g, ' ').trim();
}

/** Header value as signed: repeated headers joined by ",", whitespace runs collapsed, trimmed. */
export function canonicalHeaderValue(values: string[]): string {
  return values.length === 1 ? canonicalValue(values[0]!) : values.map(canonicalValue).join(',');
}

export interface CanonicalRequestParts {
  method: string;
  rawPath: string;
  query: Array<[string, string]>;
  /** Lower-case header name -> its values in wire order. */
  headers: Map<string, string[]>;
  /** Lower-case names, in the order the client listed them in SignedHeaders. */
  signedHeaders: readonly string[];
  payloadHash: string;
}

export function canonicalRequest(parts: CanonicalRequestParts): string {
  const names = [...parts.signedHeaders].sort();
  const headerLines = names.map((name) => `${name}:${canonicalHeaderValue(parts.headers.get(name) ?? [])}`);
  return [
    parts.method.toUpperCase(),
    canonicalUri(parts.rawPath),
    canonicalQuery(parts.query),
    headerLines.join('\n') + '\n',
    names.join(';'),
    parts.payloadHash,
  ].join('\n');
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function stringToSign(amzDate: string, scope: string, canonical: string): string {
  return [ALGORITHM, amzDate, scope, sha256Hex(canonical)].join('\n');
}

/**
 * Derived keys by secret, day, region and service: a client signs every request of a day with
 * the same one, and deriving it costs four HMACs. Bounded, oldest dropped first.
 */
const signingKeys = new Map<string, Buffer>();
const MAX_SIGNING_KEYS = 256;

export function signingKey(secretAccessKey: string, shortDate: string, region: string, service: string): Buffer {
  const cacheKey = `${shortDate}/${region}/${service}/${secretAccessKey}`;
  const cached = signingKeys.get(cacheKey);
  if (cached !== undefined) return cached;
  const key = deriveSigningKey(secretAccessKey, shortDate, region, service);
  if (signingKeys.size >= MAX_SIGNING_KEYS) signingKeys.delete(signingKeys.keys().next().value!);
  signingKeys.set(cacheKey, key);
  return key;
}

function deriveSigningKey(secretAccessKey: string, shortDate: string, region: string, service: string): Buffer {
  const kDate = createHmac('sha256', 'AWS4' + secretAccessKey).update(shortDate).digest();
  const kRegion = createHmac('sha256', kDate).update(region).digest();
  const kService = createHmac('sha256', kRegion).update(service).digest();
  return createHmac('sha256', kService).update('aws4_request').digest();
}

export function signatureHex(key: Buffer, toSign: string): string {
  return createHmac('sha256', key).update(toSign).digest('hex');
}
