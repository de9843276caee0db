import type { CorsConfig } from '../registry/types.js';

/** The origin to echo when the request's Origin is allowed ("*" allows any). */
function allowedOrigin(cors: CorsConfig, origin: string | undefined): string | undefined {
  if (!origin || !cors.AllowOrigins || cors.AllowOrigins.length === 0) return undefined;
  if (cors.AllowOrigins.includes('*')) return cors.AllowCredentials ? origin : '*';
  return cors.AllowOrigins.some((allowed) => allowed.toLowerCase() === origin.toLowerCase()) ? origin : undefined;
}

/** Headers for a preflight (OPTIONS with Access-Control-Request-Method), answered without invoking the function. */
export function preflightHeaders(cors: CorsConfig, origin: string | undefined): Record<string, string> {
  const allowOrigin = allowedOrigin(cors, origin);
  if (!allowOrigin) return {};
  const headers: Record<string, string> = { 'access-control-allow-origin': allowOrigin };
  if (cors.AllowMethods?.length) headers['access-control-allow-methods'] = cors.AllowMethods.join(',');
  if (cors.AllowHeaders?.length) headers['access-control-allow-headers'] = cors.AllowHeaders.join(',');
  if (cors.MaxAge !== undefined) headers['access-control-max-age'] = String(cors.MaxAge);
  if (cors.AllowCredentials) headers['access-control-allow-credentials'] = 'true';
  if (cors.ExposeHeaders?.length) headers['access-control-expose-headers'] = cors.ExposeHeaders.join(',');
  return headers;
}

/** Headers added to an actual (non-preflight) response; they override the function's own. */
export function responseCorsHeaders(cors: CorsConfig, origin: string | undefined): Record<string, string> {
  const allowOrigin = allowedOrigin(cors, origin);
  if (!allowOrigin) return {};
  const headers: Record<string, string> = { 'access-control-allow-origin': allowOrigin };
  if (cors.AllowCredentials) headers['access-control-allow-credentials'] = 'true';
  if (cors.ExposeHeaders?.length) headers['access-control-expose-headers'] = cors.ExposeHeaders.join(',');
  headers.vary = 'Origin';
  return headers;
}
