import type { RequestHandler, Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { Authenticator } from '../auth/authenticator.js';
import { SignatureError } from '../auth/signatureError.js';
import { BodyTooLargeError, readBody } from './readBody.js';
import type { KuhiroLocals } from './services.js';

/**
 * The ceiling for Lambda REST bodies: CreateFunction carries a zip of up to 50 MB base64-encoded
 * in JSON (~67 MB). Finer limits (6 MB invoke payloads) are lambda-runtime's to enforce.
 */
export const MAX_LAMBDA_REQUEST_BYTES = 70 * 1024 * 1024;

/** Lambda's REST error shape: the type in `x-amzn-ErrorType`, `{Type, Message}` in the body. */
export function sendLambdaError(res: Response, status: number, errorType: string, message: string, fault: 'User' | 'Service' = 'User'): void {
  res.status(status).set('x-amzn-ErrorType', errorType).json({ Type: fault, Message: message });
}

/**
 * SigV4 for the Lambda REST API. It must read the whole body to check the payload hash, so the
 * routes after it find the raw bytes in `req.body` (a Buffer; body parsers skip a consumed
 * stream) and the caller in `res.locals.kuhiro`. Lambda's front answers auth faults with 403.
 */
export function lambdaSigV4(authenticator: Authenticator, region: string): RequestHandler {
  return async (req, res, next) => {
    const requestId = randomUUID();
    res.setHeader('x-amzn-RequestId', requestId);
    let raw: Buffer;
    try {
      raw = await readBody(req, MAX_LAMBDA_REQUEST_BYTES);
    } catch (err) {
      if (err instanceof BodyTooLargeError) {
        res.set('Connection', 'close');
        return sendLambdaError(res, 413, 'RequestTooLargeException', `Request must be smaller than ${MAX_LAMBDA_REQUEST_BYTES} bytes for the operation.`);
      }
      throw err;
    }
    try {
      const principal = authenticator.authenticate(req, raw, 'lambda');
      const locals: KuhiroLocals = { tenant: principal.tenant, accountId: principal.accountId, region, requestId };
      res.locals.kuhiro = locals;
    } catch (err) {
      if (err instanceof SignatureError) return sendLambdaError(res, 403, err.code, err.message);
      throw err;
    }
    req.body = raw;
    next();
  };
}
