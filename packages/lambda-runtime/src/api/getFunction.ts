import { functionConfiguration } from '../registry/wireShapes.js';
import type { ApiOperation } from './apiDeps.js';
import { functionRef } from './requestParts.js';

/** GET /2015-03-31/functions/{name} -> Configuration, Code (a link to this node), Tags, Concurrency. */
export const getFunction: ApiOperation = async (req, res, ctx, deps) => {
  const { fn, version } = deps.registry.resolve(ctx.tenant, ctx.accountId, functionRef(req));
  res.json({
    Configuration: functionConfiguration(deps.registry, fn, version),
    Code: { RepositoryType: 'S3', Location: deps.codeLocation(fn.tenant, fn.name, version.code.sha256Hex) },
    ...(Object.keys(fn.tags).length > 0 ? { Tags: fn.tags } : {}),
    ...(fn.reservedConcurrency !== undefined ? { Concurrency: { ReservedConcurrentExecutions: fn.reservedConcurrency } } : {}),
  });
};
