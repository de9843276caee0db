import { aliasConfiguration } from '../registry/wireShapes.js';
import type { ApiOperation } from './apiDeps.js';
import { functionRef } from './requestParts.js';

/** GET /2015-03-31/functions/{name}/aliases/{alias}. */
export const getAlias: ApiOperation = async (req, res, ctx, deps) => {
  const fn = deps.registry.require(ctx.tenant, ctx.accountId, functionRef(req));
  res.json(aliasConfiguration(deps.registry, fn, deps.registry.requireAlias(fn, String(req.params.aliasName))));
};
