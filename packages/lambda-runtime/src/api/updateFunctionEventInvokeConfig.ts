import type { ApiOperation } from './apiDeps.js';
import { eventConfigMembers, eventConfigQualifier, eventConfigShape, requireEventConfig } from './eventInvokeConfigInput.js';
import { functionRef, jsonBody } from './requestParts.js';

/** POST /2019-09-25/functions/{name}/event-invoke-config: members present replace the stored ones. */
export const updateFunctionEventInvokeConfig: ApiOperation = async (req, res, ctx, deps) => {
  const ref = functionRef(req);
  const fn = deps.registry.require(ctx.tenant, ctx.accountId, { ...ref, qualifier: undefined });
  const qualifier = eventConfigQualifier(deps.registry, fn, ref.qualifier);
  const config = { ...requireEventConfig(deps.registry, fn, qualifier), ...eventConfigMembers(jsonBody(req)), lastModified: deps.registry.nowSeconds() };
  fn.eventInvokeConfigs = { ...fn.eventInvokeConfigs, [qualifier]: config };
  await deps.registry.persist();
  res.json(eventConfigShape(deps.registry, fn, qualifier, config));
};
