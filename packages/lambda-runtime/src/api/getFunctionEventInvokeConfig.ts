import type { ApiOperation } from './apiDeps.js';
import { eventConfigQualifier, eventConfigShape, requireEventConfig } from './eventInvokeConfigInput.js';
import { functionRef } from './requestParts.js';

/** GET /2019-09-25/functions/{name}/event-invoke-config[?Qualifier]. */
export const getFunctionEventInvokeConfig: ApiOperation = async (req, res, ctx, deps) => {
  const ref = functionRef(req);
  const fn = deps.registry.require(ctx.tenant, ctx.accountId, { ...ref, qualifier: undefined });
  const qualifier = eventConfigQualifier(deps.registry, fn, ref.qualifier);
  res.json(eventConfigShape(deps.registry, fn, qualifier, requireEventConfig(deps.registry, fn, qualifier)));
};
