export interface HttpAnswer {
  statusCode: number;
  headers: Record<string, string>;
  cookies: string[];
  body: Buffer;
}

/**
 * Maps a function's result onto the HTTP response as function URLs do: an object with
 * `statusCode` is a full response (headers, cookies, body, isBase64Encoded); anything else
 * valid JSON becomes a 200 with content-type application/json and the result as the body.
 */
export function urlResponse(payload: string): HttpAnswer {
  let result: unknown;
  try {
    result = JSON.parse(payload);
  } catch {
    return { statusCode: 200, headers: { 'content-type': 'application/json' }, cookies: [], body: Buffer.from(payload) };
  }
  if (typeof result === 'object' && result !== null && !Array.isArray(result) && 'statusCode' in result) {
    const response = result as { statusCode: unknown; headers?: Record<string, unknown>; cookies?: unknown; body?: unknown; isBase64Encoded?: unknown };
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers ?? {})) headers[name.toLowerCase()] = String(value);
    const bodyText = typeof response.body === 'string' ? response.body : response.body === undefined || response.body === null ? '' : JSON.stringify(response.body);
    return {
      statusCode: Number(response.statusCode) || 200,
      headers,
      cookies: Array.isArray(response.cookies) ? response.cookies.map(String) : [],
      body: response.isBase64Encoded === true ? Buffer.from(bodyText, 'base64') : Buffer.from(bodyText),
    };
  }
  // A string result is sent as its text; other JSON values as JSON.
  const body = typeof result === 'string' ? result : payload;
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, cookies: [], body: Buffer.from(body) };
}
