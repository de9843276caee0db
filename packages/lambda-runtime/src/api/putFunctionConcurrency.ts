import { validationErrors } from '../errors.js';
import type { ApiOperation } from './apiDeps.js';
import { functionRef, jsonBody } from './requestParts.js';

/** PUT /2017-10-31/functions/{name}/concurrency {ReservedConcurrentExecutions}. */
export const putFunctionConcurrency: ApiOperation = async (req, res, ctx, deps) => {
  const fn = deps.registry.require(ctx.tenant, ctx.accountId, functionRef(req));
  const reserved = jsonBody(req).ReservedConcurrentExecutions;
  if (!Number.isInteger(reserved) || (reserved as number) < 0) {
    throw validationErrors([`Value '${String(reserved)}' at 'reservedConcurrentExecutions' failed to satisfy constraint: Member must have value greater than or equal to 0`]);
  }
  fn.reservedConcurrency = reserved as number;
  await deps.registry.persist();
  res.json({ ReservedConcurrentExecutions: fn.reservedConcurrency });
};
