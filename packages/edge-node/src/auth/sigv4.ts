import { timingSafeEqual } from 'node:crypto';
import type { Principal } from '../credentials/tenants.js';
import {
  ALGORITHM,
  canonicalRequest,
  parseQuery,
  sha256Hex,
  signatureHex,
  signingKey,
  stringToSign,
} from './canonicalRequest.js';
import { SIGNATURE_MESSAGES, SignatureError } from './signatureError.js';

/** AWS accepts a request signed up to 15 minutes before or after its own clock. */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;
/** SigV4 presigned URLs live at most 7 days. */
export const MAX_PRESIGNED_EXPIRES_S = 7 * 24 * 60 * 60;

/** A request as it arrived: method, raw target (path + query), headers and the raw body bytes. */
export interface RequestToVerify {
  method: string;
  /** `req.url`: the path and query string exactly as the client sent them. */
  url: string;
  /** Lower-case header name -> values in wire order (see `headersFromRaw`). */
  headers: Map<string, string[]>;
  /** The body bytes as received (still compressed if the client compressed them). */
  body: Buffer;
}

export interface VerifyOptions {
  /** The region this node serves; a credential scoped to another region is refused. */
  region: string;
  /** The signing name of the API being called: `dynamodb` or `lambda`. */
  service: string;
  /** The principal of an access key, undefined when unknown. Without a secret, the signature is not checked. */
  lookup(accessKeyId: string): Principal | undefined;
  now: Date;
}

/** Builds the header map from Node's `rawHeaders` (keeps repeated headers apart, unlike `req.headers`). */
export function headersFromRaw(rawHeaders: string[]): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    const list = headers.get(name);
    if (list) list.push(rawHeaders[i + 1]!);
    else headers.set(name, [rawHeaders[i + 1]!]);
  }
  return headers;
}

/** `20130609T095204Z`, the ISO-8601 basic format SigV4 uses. */
export function toAmzDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** The last date parsed: requests signed within the same second carry the same X-Amz-Date. */
let lastAmzDate: { text: string; date: Date | undefined } | undefined;

function parseAmzDate(value: string): Date | undefined {
  if (lastAmzDate?.text === value) return lastAmzDate.date;
  const date = parseAmzDateText(value);
  lastAmzDate = { text: value, date };
  return date;
}

function parseAmzDateText(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const ms = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

interface SignatureParams {
  algorithm: string;
  credential: string;
  signedHeaders: string;
  signature: string;
  amzDate: string;
  /** Presigned URLs only: seconds the signature stays valid. */
  expiresS: number | undefined;
}

/**
 * Authenticates a SigV4 request (Authorization header or presigned query) and returns who sent
 * it. Checks run in the order AWS runs them, so a request with several faults gets AWS's answer:
 * presence, parameters, date format, clock skew, Host signed, algorithm, credential scope
 * (region, service, terminator, date), access key, then the signature itself.
 * Throws SignatureError.
 */
export function verifySigV4(request: RequestToVerify, options: VerifyOptions): Principal {
  const queryStart = request.url.indexOf('?');
  const rawPath = queryStart < 0 ? request.url : request.url.slice(0, queryStart);
  const query = parseQuery(queryStart < 0 ? '' : request.url.slice(queryStart + 1));

  const params = readSignatureParams(request, query);
  checkDate(params, options.now);
  const signedHeaders = signedHeaderNames(params.signedHeaders);
  if (!signedHeaders.includes('host')) throw new SignatureError('InvalidSignatureException', SIGNATURE_MESSAGES.hostNotSigned);
  if (params.algorithm !== ALGORITHM)
    throw new SignatureError(
      'IncompleteSignatureException',
      `Unsupported AWS 'algorithm': '${params.algorithm}' (only AWS4-HMAC-SHA256 for now). `,
    );
  const scope = checkCredentialScope(params, options);

  const principal = options.lookup(scope.accessKeyId);
  if (!principal) throw new SignatureError('UnrecognizedClientException', SIGNATURE_MESSAGES.unknownKey);
  // Development mode: the key's secret is unknown, so the scope was checked but not the signature.
  if (principal.secretAccessKey === undefined) return principal;

  const payloadHash = payloadHashOf(request, query);
  const canonical = canonicalRequest({
    method: request.method,
    rawPath,
    query,
    headers: request.headers,
    signedHeaders,
    payloadHash,
  });
  const key = signingKey(principal.secretAccessKey, scope.shortDate, scope.region, scope.service);
  const expected = signatureHex(key, stringToSign(params.amzDate, scope.scope, canonical));
  if (!sameSignature(expected, params.signature))
    throw new SignatureError('InvalidSignatureException', SIGNATURE_MESSAGES.mismatch);
  return principal;
}

/**
 * SignedHeaders as lower-case names, by its text: a client signs the same list every time.
 * Bounded, oldest dropped first. The arrays are shared: callers only read them.
 */
const signedHeaderLists = new Map<string, readonly string[]>();
const MAX_SIGNED_HEADER_LISTS = 256;

function signedHeaderNames(text: string): readonly string[] {
  let names = signedHeaderLists.get(text);
  if (names === undefined) {
    names = Object.freeze(text.split(';').map((h) => h.trim().toLowerCase()));
    if (signedHeaderLists.size >= MAX_SIGNED_HEADER_LISTS) signedHeaderLists.delete(signedHeaderLists.keys().next().value!);
    signedHeaderLists.set(text, names);
  }
  return names;
}

function readSignatureParams(request: RequestToVerify, query: Array<[string, string]>): SignatureParams {
  const authorization = request.headers.get('authorization')?.[0];
  if (authorization !== undefined && authorization.trim() !== '') return readAuthorizationHeader(request, authorization);
  const queryValue = (name: string) => query.find(([key]) => key === name)?.[1];
  if (queryValue('X-Amz-Signature') !== undefined || queryValue('X-Amz-Algorithm') !== undefined)
    return readPresignedQuery(queryValue);
  throw new SignatureError('MissingAuthenticationTokenException', SIGNATURE_MESSAGES.missingToken);
}

function readAuthorizationHeader(request: RequestToVerify, authorization: string): SignatureParams {
  const trimmed = authorization.trim();
  // Anything that is not SigV4 (SigV2 "AWS AKID:sig", a bearer token) counts as no SigV4 token at all.
  if (!trimmed.startsWith('AWS4-'))
    throw new SignatureError('MissingAuthenticationTokenException', SIGNATURE_MESSAGES.missingToken);
  const space = trimmed.indexOf(' ');
  const algorithm = space < 0 ? trimmed : trimmed.slice(0, space);
  // Only these three fields are read; a repeated one counts by its last value.
  let credential = '';
  let signature = '';
  let signedHeaders = '';
  for (const part of (space < 0 ? '' : trimmed.slice(space + 1)).split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (name === 'Credential') credential = part.slice(eq + 1).trim();
    else if (name === 'Signature') signature = part.slice(eq + 1).trim();
    else if (name === 'SignedHeaders') signedHeaders = part.slice(eq + 1).trim();
  }
  const amzDate = request.headers.get('x-amz-date')?.[0] ?? dateHeaderAsAmzDate(request.headers.get('date')?.[0]);
  let missing = '';
  if (credential === '') missing += "Authorization header requires 'Credential' parameter. ";
  if (signature === '') missing += "Authorization header requires 'Signature' parameter. ";
  if (signedHeaders === '') missing += "Authorization header requires 'SignedHeaders' parameter. ";
  if (amzDate === undefined) missing += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
  if (missing !== '') throw new SignatureError('IncompleteSignatureException', `${missing}Authorization=${authorization}`);
  return { algorithm, credential, signedHeaders, signature, amzDate: amzDate!, expiresS: undefined };
}

function readPresignedQuery(value: (name: string) => string | undefined): SignatureParams {
  const names = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-SignedHeaders', 'X-Amz-Date'];
  for (const name of names)
    if (!value(name))
      throw new SignatureError(
        'IncompleteSignatureException',
        `AWS query-string parameters must include '${name}'. Re-examine the query-string parameters.`,
      );
  const expiresText = value('X-Amz-Expires');
  let expiresS: number | undefined;
  if (expiresText !== undefined) {
    expiresS = /^\d+$/.test(expiresText) ? Number(expiresText) : NaN;
    if (!Number.isFinite(expiresS) || expiresS > MAX_PRESIGNED_EXPIRES_S)
      throw new SignatureError(
        'IncompleteSignatureException',
        `X-Amz-Expires must be a number of seconds no greater than ${MAX_PRESIGNED_EXPIRES_S}, got '${expiresText}'.`,
      );
  }
  return {
    algorithm: value('X-Amz-Algorithm')!,
    credential: value('X-Amz-Credential')!,
    signedHeaders: value('X-Amz-SignedHeaders')!,
    signature: value('X-Amz-Signature')!,
    amzDate: value('X-Amz-Date')!,
    expiresS,
  };
}

function dateHeaderAsAmzDate(date: string | undefined): string | undefined {
  if (date === undefined) return undefined;
  const ms = Date.parse(date);
  return Number.isNaN(ms) ? date : toAmzDate(new Date(ms));
}

function checkDate(params: SignatureParams, now: Date): void {
  const date = parseAmzDate(params.amzDate);
  if (!date)
    throw new SignatureError(
      'IncompleteSignatureException',
      `Date must be in ISO-8601 'basic format'. Got '${params.amzDate}'. See http://en.wikipedia.org/wiki/ISO_8601`,
    );
  const nowMs = now.getTime();
  if (params.expiresS !== undefined) {
    // A presigned URL is good from its date (less the usual skew) until date + X-Amz-Expires.
    const expiresAt = date.getTime() + params.expiresS * 1000;
    if (nowMs > expiresAt)
      throw new SignatureError(
        'InvalidSignatureException',
        `Signature expired: ${toAmzDate(new Date(expiresAt))} is now earlier than ${toAmzDate(now)}. The presigned URL was valid for ${params.expiresS} seconds from ${params.amzDate}.`,
      );
  } else if (date.getTime() < nowMs - MAX_CLOCK_SKEW_MS) {
    throw new SignatureError(
      'InvalidSignatureException',
      `Signature expired: ${params.amzDate} is now earlier than ${toAmzDate(new Date(nowMs - MAX_CLOCK_SKEW_MS))} (${toAmzDate(now)} - 15 min.)`,
    );
  }
  if (date.getTime() > nowMs + MAX_CLOCK_SKEW_MS)
    throw new SignatureError(
      'InvalidSignatureException',
      `Signature not yet current: ${params.amzDate} is still later than ${toAmzDate(new Date(nowMs + MAX_CLOCK_SKEW_MS))} (${toAmzDate(now)} + 15 min.)`,
    );
}

interface CredentialScope {
  accessKeyId: string;
  shortDate: string;
  region: string;
  service: string;
  /** `DATE/REGION/SERVICE/aws4_request` */
  scope: string;
}

/**
 * Scopes that passed the checks, by credential, served region and service and the request's
 * day: one client sends the same credential all day. Bounded, oldest dropped first. Only
 * passing scopes are kept, so every fault is still found and worded by `readCredentialScope`.
 */
const checkedScopes = new Map<string, CredentialScope>();
const MAX_CHECKED_SCOPES = 1024;

function checkCredentialScope(params: SignatureParams, options: VerifyOptions): CredentialScope {
  const cacheKey = `${params.credential}\n${options.region}\n${options.service}\n${params.amzDate.slice(0, 8)}`;
  const cached = checkedScopes.get(cacheKey);
  if (cached !== undefined) return cached;
  const scope = readCredentialScope(params, options);
  if (checkedScopes.size >= MAX_CHECKED_SCOPES) checkedScopes.delete(checkedScopes.keys().next().value!);
  checkedScopes.set(cacheKey, scope);
  return scope;
}

function readCredentialScope(params: SignatureParams, options: VerifyOptions): CredentialScope {
  // AWS ignores trailing slashes in the credential.
  const parts = params.credential.replace(/\/+$/, '').split('/');
  if (parts.length !== 5)
    throw new SignatureError(
      'IncompleteSignatureException',
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${params.credential}'`,
    );
  const [accessKeyId, shortDate, region, service, terminator] = parts as [string, string, string, string, string];
  // AWS lists every scope fault in one message, each sentence ending in ". ".
  let problems = '';
  if (region !== options.region) problems += `Credential should be scoped to a valid region, not '${region}'. `;
  if (service !== options.service) problems += `Credential should be scoped to correct service: '${options.service}'. `;
  if (terminator !== 'aws4_request')
    problems += `Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator}'. `;
  const dateOfRequest = params.amzDate.slice(0, 8);
  if (shortDate !== dateOfRequest)
    problems += `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${shortDate}' != '${dateOfRequest}', from '${params.amzDate}'.`;
  if (problems !== '') throw new SignatureError('InvalidSignatureException', problems);
  return { accessKeyId, shortDate, region, service, scope: `${shortDate}/${region}/${service}/aws4_request` };
}

function payloadHashOf(request: RequestToVerify, query: Array<[string, string]>): string {
  const declared =
    request.headers.get('x-amz-content-sha256')?.[0] ?? query.find(([key]) => key === 'X-Amz-Content-Sha256')?.[1];
  const actual = sha256Hex(request.body);
  if (declared === undefined) return actual;
  // A declared hash that is a real hash must be the body's; else a signed request could carry any body.
  if (/^[0-9a-f]{64}$/i.test(declared) && declared.toLowerCase() !== actual)
    throw new SignatureError('InvalidSignatureException', SIGNATURE_MESSAGES.mismatch);
  return declared;
}

function sameSignature(expectedHex: string, givenHex: string): boolean {
  const expected = Buffer.from(expectedHex, 'utf8');
  const given = Buffer.from(givenHex.toLowerCase(), 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
