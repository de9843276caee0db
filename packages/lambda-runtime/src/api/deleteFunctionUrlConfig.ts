import { requireUrlConfig, urlQualifier } from '../urls/urlConfigInput.js';
import type { ApiOperation } from './apiDeps.js';
import { functionRef } from './requestParts.js';

/** DELETE /2021-10-31/functions/{name}/url[?Qualifier=alias] -> 204. */
export const deleteFunctionUrlConfig: ApiOperation = async (req, res, ctx, deps) => {
  const ref = functionRef(req);
  const fn = deps.registry.require(ctx.tenant, ctx.accountId, { ...ref, qualifier: undefined });
  const qualifier = urlQualifier(deps.registry, fn, ref.qualifier);
  const config = requireUrlConfig(fn, qualifier);
  deps.urls.remove(config.urlId);
  delete fn.urlConfigs[qualifier];
  await deps.registry.persist();
  res.status(204).end();
};
