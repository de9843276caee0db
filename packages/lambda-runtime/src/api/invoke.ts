import { parseFunctionReference } from '../arn.js';
import { LambdaApiError, ServiceException } from '../errors.js';
import type { ApiDeps, ApiOperation, KuhiroRequestContext } from './apiDeps.js';
import { lambdaErrorAnswer, writeAnswer, type HttpAnswer } from './httpAnswer.js';
import { readInvokeInput, type HeaderReader } from './invokeInput.js';
import { queryString, rawBody } from './requestParts.js';

/** An Invoke request without express: what both the REST router and the node's hot path hand in. */
export interface InvokeHttpRequest {
  /** The `{FunctionName}` path label, URL-decoded (name, partial or full ARN). */
  functionName: string;
  /** The Qualifier query parameter. */
  qualifier: string | undefined;
  header: HeaderReader;
  body: Buffer;
}

/**
 * POST /2015-03-31/functions/{name}/invocations. RequestResponse -> 200 with the function's
 * payload (X-Amz-Function-Error when it failed), Event -> 202 once queued on disk, DryRun -> 204.
 * Throws LambdaApiError for the client's faults.
 */
export async function invokeAnswer(request: InvokeHttpRequest, ctx: KuhiroRequestContext, deps: ApiDeps): Promise<HttpAnswer> {
  const resolved = deps.registry.routeAlias(deps.registry.resolve(ctx.tenant, ctx.accountId, parseFunctionReference(request.functionName, request.qualifier)), Math.random);
  const input = readInvokeInput(request.header, request.body);
  const invocation = { requestId: ctx.requestId, payload: input.payload, ...(input.clientContext !== undefined ? { clientContext: input.clientContext } : {}) };
  const requestIdHeader = { 'x-amzn-RequestId': ctx.requestId };
  if (input.invocationType === 'DryRun') return { status: 204, headers: requestIdHeader };
  if (input.invocationType === 'Event') {
    await deps.asyncInvocations.enqueue(resolved, invocation);
    return { status: 202, headers: requestIdHeader };
  }
  const result = await deps.invocations.invoke(resolved, invocation);
  const headers: Record<string, string | number> = { ...requestIdHeader, 'X-Amz-Executed-Version': result.executedVersion };
  if (result.functionError) headers['X-Amz-Function-Error'] = result.functionError;
  if (input.tail) headers['X-Amz-Log-Result'] = deps.invocations.tail(result.logLines);
  // No ETag: Lambda does not send one (express's send() would hash the body for it).
  headers['Content-Type'] = 'application/json';
  headers['Content-Length'] = Buffer.byteLength(result.payload);
  return { status: 200, headers, body: result.payload };
}

/**
 * Invoke for the node's hot path: never throws. Client faults become Lambda's error answer; a bug
 * is logged with the request id and answered as ServiceException, as the REST router does.
 */
export async function serveInvoke(
  request: InvokeHttpRequest,
  ctx: KuhiroRequestContext,
  deps: ApiDeps,
  log: (level: 'error', msg: string, meta?: object) => void,
): Promise<HttpAnswer> {
  try {
    return await invokeAnswer(request, ctx, deps);
  } catch (error) {
    if (error instanceof LambdaApiError) return lambdaErrorAnswer(error);
    log('error', `lambda Invoke failed: ${(error as Error).stack ?? String(error)}`, { requestId: ctx.requestId });
    return lambdaErrorAnswer(new ServiceException('An internal error occurred.'));
  }
}

export const invoke: ApiOperation = async (req, res, ctx, deps) => {
  const request: InvokeHttpRequest = {
    functionName: String(req.params.functionName),
    qualifier: queryString(req, 'Qualifier'),
    header: (name) => req.header(name),
    body: rawBody(req),
  };
  writeAnswer(res, await invokeAnswer(request, ctx, deps));
};
