import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { lambdaErrorAnswer, writeAnswer, type HttpAnswer, type InvokeHttpRequest, type KuhiroRequestContext } from '@kuhiro/lambda-runtime';
import type { Authenticator } from '../auth/authenticator.js';
import { SignatureError } from '../auth/signatureError.js';
import type { FaultRegistry } from '../faults/faultRegistry.js';
import { lambdaFaultFor } from '../faults/lambdaFault.js';
import type { Logger } from '../log/logger.js';
import { MAX_LAMBDA_REQUEST_BYTES } from './lambdaAuth.js';
import { BodyTooLargeError, readBody } from './readBody.js';

export interface LambdaHotPathDeps {
  invoke(ctx: KuhiroRequestContext, request: InvokeHttpRequest): Promise<HttpAnswer>;
  authenticator: Authenticator;
  region: string;
  log: Logger;
  faults?: FaultRegistry;
}

/** Only the canonical spelling; any other (case, trailing slash, odd escapes) takes express's route as before. */
const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/?]+)\/invocations(?:\?(.*))?$/s;

export interface InvokeTarget {
  /** The path label, URL-decoded. */
  functionName: string;
  qualifier: string | undefined;
}

/** The Invoke a request is, or undefined when express should route it. */
export function matchInvoke(method: string | undefined, url: string | undefined): InvokeTarget | undefined {
  if (method !== 'POST' || url === undefined) return undefined;
  const match = INVOKE_PATH.exec(url);
  if (!match) return undefined;
  let functionName: string;
  try {
    functionName = decodeURIComponent(match[1]!);
  } catch {
    return undefined;
  }
  // express's default ("simple") query parser is node:querystring; a repeated key is an array, the first wins.
  const value = match[2] === undefined ? undefined : parseQuery(match[2]).Qualifier;
  const qualifier = Array.isArray(value) ? value[0] : value;
  return { functionName, qualifier };
}

/** The edge node's Lambda error shape (lambdaAuth.ts `sendLambdaError`), without express. */
function frontError(status: number, errorType: string, message: string, fault: 'User' | 'Service' = 'User'): HttpAnswer {
  const body = JSON.stringify({ Type: fault, Message: message });
  return { status, headers: { 'x-amzn-ErrorType': errorType, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) }, body };
}

/**
 * Invoke served ahead of express, as the DynamoDB hot path is: the same steps as express's chain
 * (request id, body limit, SigV4 + tenant, the Lambda fault hook, lambda-runtime's Invoke) with
 * the same answers, minus express's routing and per-request objects.
 */
export async function handleInvokeRequest(req: IncomingMessage, res: ServerResponse, target: InvokeTarget, deps: LambdaHotPathDeps): Promise<void> {
  const requestId = randomUUID();
  // Sent with every answer below in writeAnswer's single writeHead (node:http's fast path); set on
  // the response as well only where the debug request log reads it back at 'finish'.
  const leading = { 'x-amzn-RequestId': requestId };
  if (deps.log.isEnabled('debug')) res.setHeader('x-amzn-RequestId', requestId);
  try {
    let body: Buffer;
    try {
      body = await readBody(req, MAX_LAMBDA_REQUEST_BYTES);
    } catch (err) {
      if (!(err instanceof BodyTooLargeError)) throw err;
      res.setHeader('Connection', 'close');
      return writeAnswer(res, frontError(413, 'RequestTooLargeException', `Request must be smaller than ${MAX_LAMBDA_REQUEST_BYTES} bytes for the operation.`), leading);
    }
    let ctx: KuhiroRequestContext;
    try {
      const principal = deps.authenticator.authenticate(req, body, 'lambda');
      ctx = { tenant: principal.tenant, accountId: principal.accountId, region: deps.region, requestId };
    } catch (err) {
      if (err instanceof SignatureError) return writeAnswer(res, frontError(403, err.code, err.message), leading);
      throw err;
    }
    const faulted = deps.faults?.active ? await lambdaFaultFor(deps.faults, ctx.tenant, 'POST', req.url!.split('?', 1)[0]!) : undefined;
    if (faulted) return writeAnswer(res, lambdaErrorAnswer(faulted), leading);
    const header = (name: string) => {
      const value = req.headers[name.toLowerCase()];
      return Array.isArray(value) ? value[0] : value;
    };
    writeAnswer(res, await deps.invoke(ctx, { functionName: target.functionName, qualifier: target.qualifier, header, body }), leading);
  } catch (err) {
    // A bug, as express's error handler sees it: logged, answered as ServiceException.
    deps.log.error('request failed', { requestId, method: req.method, path: req.url, error: err });
    if (res.headersSent) res.destroy();
    else writeAnswer(res, frontError(500, 'ServiceException', 'An internal error occurred. Try again.', 'Service'), leading);
  }
}
