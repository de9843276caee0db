import type { ApiOperation } from './apiDeps.js';
import { eventConfigQualifier, requireEventConfig } from './eventInvokeConfigInput.js';
import { functionRef } from './requestParts.js';

/** DELETE /2019-09-25/functions/{name}/event-invoke-config[?Qualifier] -> 204. */
export const deleteFunctionEventInvokeConfig: ApiOperation = async (req, res, ctx, deps) => {
  const ref = functionRef(req);
  const fn = deps.registry.require(ctx.tenant, ctx.accountId, { ...ref, qualifier: undefined });
  const qualifier = eventConfigQualifier(deps.registry, fn, ref.qualifier);
  requireEventConfig(deps.registry, fn, qualifier);
  delete fn.eventInvokeConfigs![qualifier];
  await deps.registry.persist();
  res.status(204).end();
};
