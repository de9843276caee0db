import type { IncomingHttpHeaders } from 'node:http';

export interface UrlRequest {
  method: string;
  /** Path below /lambda-url/<id>, starting with "/". */
  rawPath: string;
  rawQueryString: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  sourceIp: string;
  urlId: string;
  requestId: string;
  accountId: string;
  timeEpoch: number;
}

/** Content types Lambda passes as text; any other body arrives base64 with isBase64Encoded. */
export function isTextContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return type.startsWith('text/') || /^application\/(json|javascript|xml|x-www-form-urlencoded|.*\+json|.*\+xml)$/.test(type);
}

/** The payload format version 2.0 event a function URL sends to the function. */
export function urlEvent(request: UrlRequest): Record<string, unknown> {
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    if (name === 'cookie') {
      cookies = (Array.isArray(value) ? value.join('; ') : value).split(';').map((cookie) => cookie.trim()).filter((cookie) => cookie !== '');
      continue;
    }
    // Repeated headers are joined with commas, as Lambda does.
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const queryStringParameters = parseQuery(request.rawQueryString);
  const textBody = isTextContentType(headers['content-type']);
  const event: Record<string, unknown> = {
    version: '2.0',
    routeKey: '$default',
    rawPath: request.rawPath,
    rawQueryString: request.rawQueryString,
    ...(cookies ? { cookies } : {}),
    headers,
    ...(queryStringParameters ? { queryStringParameters } : {}),
    requestContext: {
      accountId: request.accountId,
      apiId: request.urlId,
      domainName: headers.host ?? '',
      domainPrefix: request.urlId,
      http: { method: request.method, path: request.rawPath, protocol: 'HTTP/1.1', sourceIp: request.sourceIp, userAgent: headers['user-agent'] ?? '' },
      requestId: request.requestId,
      routeKey: '$default',
      stage: '$default',
      time: clfTime(request.timeEpoch),
      timeEpoch: request.timeEpoch,
    },
    isBase64Encoded: request.body.byteLength > 0 && !textBody,
  };
  if (request.body.byteLength > 0) event.body = textBody ? request.body.toString('utf8') : request.body.toString('base64');
  return event;
}

/** Repeated parameters are joined with commas; no parameters -> the member is absent. */
function parseQuery(rawQueryString: string): Record<string, string> | undefined {
  if (rawQueryString === '') return undefined;
  const parameters: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    parameters[name] = name in parameters ? `${parameters[name]},${value}` : value;
  }
  return parameters;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** requestContext.time: "12/Mar/2020:19:03:58 +0000". */
function clfTime(epochMs: number): string {
  const date = new Date(epochMs);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}
