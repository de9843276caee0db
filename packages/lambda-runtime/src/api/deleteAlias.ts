import type { ApiOperation } from './apiDeps.js';
import { functionRef } from './requestParts.js';

/** DELETE /2015-03-31/functions/{name}/aliases/{alias} -> 204; Lambda answers 204 for a missing alias too. */
export const deleteAlias: ApiOperation = async (req, res, ctx, deps) => {
  const fn = deps.registry.require(ctx.tenant, ctx.accountId, functionRef(req));
  const name = String(req.params.aliasName);
  const urlConfig = fn.urlConfigs[name];
  if (urlConfig) {
    deps.urls.remove(urlConfig.urlId);
    delete fn.urlConfigs[name];
  }
  delete fn.aliases[name];
  await deps.registry.persist();
  res.status(204).end();
};
