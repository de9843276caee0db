// Function URL (payload format 2.0) in and out: parsing the event and shaping JSON answers.

/** An error a client caused or may see: becomes `{ statusCode, body: { message } }`. */
export class HttpError extends Error {
  constructor(statusCode, message, extra = {}) {
    super(message);
    this.statusCode = statusCode;
    this.extra = extra;
  }
}

export const badRequest = (message, extra) => new HttpError(400, message, extra);
export const unauthorized = (message = 'Please log in.') => new HttpError(401, message);
export const notFound = (message = 'Not found.') => new HttpError(404, message);
export const conflict = (message, extra) => new HttpError(409, message, extra);

export function json(statusCode, payload, headers = {}) {
  return {
    statusCode,
    // CORS headers come from the function URL's Cors config (AWS and the edge node add them),
    // so handlers must not add their own: a browser rejects a doubled Access-Control-Allow-Origin.
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...popHeader(), ...headers },
    body: payload === undefined ? '' : JSON.stringify(payload),
  };
}

function popHeader() {
  const pop = process.env.KUHIRO_POP;
  return pop ? { 'x-shop-pop': pop } : {};
}

/** The parts of a payload 2.0 event the routers use, with header names lower-cased. */
export function requestOf(event) {
  if (!event || typeof event !== 'object') throw badRequest('The request is not a function URL event.');
  const method = (event.requestContext?.http?.method ?? 'GET').toUpperCase();
  const path = normalizePath(event.rawPath ?? event.requestContext?.http?.path ?? '/');
  const headers = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) headers[name.toLowerCase()] = value;
  return { method, path, headers, query: event.queryStringParameters ?? {}, event };
}

function normalizePath(path) {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed === '' ? '/' : trimmed;
}

/** The JSON body as an object; base64 bodies (non-text content types) are decoded first. */
export function jsonBody(request) {
  const { event } = request;
  if (event.body === undefined || event.body === null || event.body === '') return {};
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw badRequest('The request body is not valid JSON.');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw badRequest('The request body must be a JSON object.');
  return parsed;
}

/** Turns a thrown error into an answer; unexpected errors are logged and hidden from the client. */
export function errorAnswer(error) {
  if (error instanceof HttpError) return json(error.statusCode, { message: error.message, ...error.extra });
  console.error('Unhandled error', error);
  return json(500, { message: 'Something went wrong on our side. Please try again.' });
}
