import type { ServerResponse } from 'node:http';
import type { LambdaApiError } from '../errors.js';

/**
 * A whole HTTP answer as a value, so the same operation can be served through express and
 * through the edge node's hot path (plain node:http) with byte-identical status and headers.
 */
export interface HttpAnswer {
  status: number;
  headers: Record<string, string | number>;
  /** Undefined: no body (202, 204). */
  body?: string;
}

/** Lambda's error shape, exactly as `sendLambdaError` (express's `res.json`) writes it. */
export function lambdaErrorAnswer(error: LambdaApiError): HttpAnswer {
  const body = JSON.stringify({ Type: error.fault, Message: error.message, message: error.message, ...error.extraBody });
  return {
    status: error.status,
    headers: {
      'x-amzn-ErrorType': error.errorType,
      ...error.headers,
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
    },
    body,
  };
}

export function writeAnswer(res: ServerResponse, answer: HttpAnswer): void {
  res.statusCode = answer.status;
  for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
  if (answer.body === undefined) res.end();
  else res.end(answer.body);
}
