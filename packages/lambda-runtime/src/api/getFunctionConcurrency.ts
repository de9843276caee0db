import type { ApiOperation } from './apiDeps.js';
import { functionRef } from './requestParts.js';

/** GET /2019-09-30/functions/{name}/concurrency -> {} when none is reserved. */
export const getFunctionConcurrency: ApiOperation = async (req, res, ctx, deps) => {
  const fn = deps.registry.require(ctx.tenant, ctx.accountId, functionRef(req));
  res.json(fn.reservedConcurrency === undefined ? {} : { ReservedConcurrentExecutions: fn.reservedConcurrency });
};
