import { urlConfigShape } from '../urls/urlConfigShape.js';
import { requireUrlConfig, urlQualifier } from '../urls/urlConfigInput.js';
import type { ApiOperation } from './apiDeps.js';
import { functionRef } from './requestParts.js';

/** GET /2021-10-31/functions/{name}/url[?Qualifier=alias]. */
export const getFunctionUrlConfig: ApiOperation = async (req, res, ctx, deps) => {
  const ref = functionRef(req);
  const fn = deps.registry.require(ctx.tenant, ctx.accountId, { ...ref, qualifier: undefined });
  const config = requireUrlConfig(fn, urlQualifier(deps.registry, fn, ref.qualifier));
  res.json(urlConfigShape(deps.registry, fn, config, deps.endpointUrl()));
};
