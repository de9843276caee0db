import type { ApiOperation } from './apiDeps.js';
import { functionRef } from './requestParts.js';

/** DELETE /2017-10-31/functions/{name}/concurrency -> 204. */
export const deleteFunctionConcurrency: ApiOperation = async (req, res, ctx, deps) => {
  const fn = deps.registry.require(ctx.tenant, ctx.accountId, functionRef(req));
  delete fn.reservedConcurrency;
  await deps.registry.persist();
  res.status(204).end();
};
