import type { ApiOperation } from './apiDeps.js';
import { readInvokeInput } from './invokeInput.js';
import { functionRef } from './requestParts.js';

/**
 * POST /2015-03-31/functions/{name}/invocations. RequestResponse -> 200 with the function's
 * payload (X-Amz-Function-Error when it failed), Event -> 202 queued, DryRun -> 204.
 */
export const invoke: ApiOperation = async (req, res, ctx, deps) => {
  const resolved = deps.registry.routeAlias(deps.registry.resolve(ctx.tenant, ctx.accountId, functionRef(req)), Math.random);
  const input = readInvokeInput(req);
  const request = { requestId: ctx.requestId, payload: input.payload, ...(input.clientContext !== undefined ? { clientContext: input.clientContext } : {}) };
  res.setHeader('x-amzn-RequestId', ctx.requestId);
  if (input.invocationType === 'DryRun') {
    res.status(204).end();
    return;
  }
  if (input.invocationType === 'Event') {
    deps.asyncInvocations.enqueue(resolved, request);
    res.status(202).end();
    return;
  }
  const result = await deps.invocations.invoke(resolved, request);
  res.setHeader('X-Amz-Executed-Version', result.executedVersion);
  if (result.functionError) res.setHeader('X-Amz-Function-Error', result.functionError);
  if (input.tail) res.setHeader('X-Amz-Log-Result', deps.invocations.tail(result.logLines));
  res.status(200).type('application/json').send(result.payload);
};
