import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * DynamoDB answers browsers (the SDK running in a web page) with permissive CORS: any origin,
 * the preflight's requested headers and method echoed back, a two-day max age (the values
 * dynalite recorded from AWS).
 */
const PREFLIGHT_MAX_AGE_S = 172800;
// x-kuhiro-session: a page that talks to several PoPs carries it along for read-your-writes.
const EXPOSED_HEADERS = 'x-amzn-RequestId,x-amz-crc32,x-amzn-ErrorType,Date,x-kuhiro-session';

export function answerPreflight(req: IncomingMessage, res: ServerResponse): void {
  const headers: Record<string, string | number> = {
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Max-Age': PREFLIGHT_MAX_AGE_S,
    'Content-Length': 0,
  };
  const requestedHeaders = req.headers['access-control-request-headers'];
  const requestedMethod = req.headers['access-control-request-method'];
  if (requestedHeaders) headers['Access-Control-Allow-Headers'] = requestedHeaders;
  if (requestedMethod) headers['Access-Control-Allow-Methods'] = requestedMethod;
  res.writeHead(200, headers);
  res.end();
  req.resume();
}

/** Headers for an actual (non-preflight) answer to a browser request. */
export function corsHeaders(req: IncomingMessage): Record<string, string> {
  if (!req.headers.origin) return {};
  return { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': EXPOSED_HEADERS };
}
