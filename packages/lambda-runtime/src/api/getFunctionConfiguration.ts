import { functionConfiguration } from '../registry/wireShapes.js';
import type { ApiOperation } from './apiDeps.js';
import { functionRef } from './requestParts.js';

/** GET /2015-03-31/functions/{name}/configuration. */
export const getFunctionConfiguration: ApiOperation = async (req, res, ctx, deps) => {
  const { fn, version } = deps.registry.resolve(ctx.tenant, ctx.accountId, functionRef(req));
  res.json(functionConfiguration(deps.registry, fn, version));
};
