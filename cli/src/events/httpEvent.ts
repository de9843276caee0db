import type { EventContext } from './eventContext.js';
import { randomLowerAlnum, randomUUID } from './randomIds.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** requestContext.time of payload format 2.0: `12/Mar/2020:19:03:58 +0000`. */
export function clfTime(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`;
}

/** Repeated query parameters are joined with commas in payload format 2.0. */
function queryParameters(rawQueryString: string): Record<string, string> | undefined {
  if (!rawQueryString) return undefined;
  const result: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) result[name] = name in result ? `${result[name]},${value}` : value;
  return result;
}

interface HttpFlavour {
  apiId: string;
  domainName: string;
  requestId: string;
  /** API Gateway puts the caller's account; a function URL with AuthType NONE says `anonymous`. */
  accountId: string;
}

/**
 * An HTTP request in Lambda's payload format 2.0, shared by API Gateway HTTP APIs and function
 * URLs: header names lower case, cookies split out of the Cookie header, the query both raw and
 * parsed, a body only when the request had one.
 */
function httpEvent(ctx: EventContext, flavour: HttpFlavour): Record<string, unknown> {
  const method = ctx.method.toUpperCase();
  const queryAt = ctx.path.indexOf('?');
  const rawPath = queryAt === -1 ? ctx.path : ctx.path.slice(0, queryAt);
  const rawQueryString = queryAt === -1 ? '' : ctx.path.slice(queryAt + 1);
  const userAgent = 'kuhiro-invoke';
  const headers: Record<string, string> = {
    accept: '*/*',
    host: flavour.domainName,
    'user-agent': userAgent,
    'x-amzn-trace-id': `Root=1-${Math.floor(ctx.now.getTime() / 1000).toString(16)}-${randomLowerAlnum(24)}`,
    'x-forwarded-for': '127.0.0.1',
    'x-forwarded-port': '443',
    'x-forwarded-proto': 'https',
  };
  if (ctx.body !== undefined) {
    headers['content-length'] = String(Buffer.byteLength(ctx.body));
    headers['content-type'] = 'application/json';
  }
  for (const [name, value] of Object.entries(ctx.headers)) headers[name.toLowerCase()] = value;
  const cookieHeader = headers.cookie;
  delete headers.cookie;
  const query = queryParameters(rawQueryString);
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    ...(cookieHeader ? { cookies: cookieHeader.split(/;\s*/).filter(Boolean) } : {}),
    headers,
    ...(query ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: flavour.accountId,
      apiId: flavour.apiId,
      domainName: flavour.domainName,
      domainPrefix: flavour.apiId,
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent },
      requestId: flavour.requestId,
      routeKey: '$default',
      stage: '$default',
      time: clfTime(ctx.now),
      timeEpoch: ctx.now.getTime(),
    },
    ...(ctx.body !== undefined ? { body: ctx.body } : {}),
    isBase64Encoded: false,
  };
}

/** API Gateway HTTP API, `$default` route and stage. */
export function apiGatewayV2Event(ctx: EventContext): Record<string, unknown> {
  const apiId = randomLowerAlnum(10);
  return httpEvent(ctx, {
    apiId,
    domainName: `${apiId}.execute-api.${ctx.region}.amazonaws.com`,
    // API Gateway's request ids look like `JKJaXmPLvHcESHA=`.
    requestId: `${Buffer.from(randomLowerAlnum(10)).toString('base64').slice(0, 15)}=`,
    accountId: ctx.accountId,
  });
}

/** A function URL with AuthType NONE. */
export function functionUrlEvent(ctx: EventContext): Record<string, unknown> {
  const urlId = randomLowerAlnum(32);
  return httpEvent(ctx, {
    apiId: urlId,
    domainName: `${urlId}.lambda-url.${ctx.region}.on.aws`,
    requestId: randomUUID(),
    accountId: 'anonymous',
  });
}
