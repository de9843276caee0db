import type { ApiOperation } from './apiDeps.js';
import { eventConfigShape } from './eventInvokeConfigInput.js';
import { paginate } from './pagination.js';
import { functionRef, queryString } from './requestParts.js';

/** GET /2019-09-25/functions/{name}/event-invoke-config/list -> {FunctionEventInvokeConfigs, NextMarker}. */
export const listFunctionEventInvokeConfigs: ApiOperation = async (req, res, ctx, deps) => {
  const fn = deps.registry.require(ctx.tenant, ctx.accountId, functionRef(req));
  const configs = Object.entries(fn.eventInvokeConfigs ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([qualifier, config]) => eventConfigShape(deps.registry, fn, qualifier, config));
  const { page, nextMarker } = paginate(configs, queryString(req, 'Marker'), queryString(req, 'MaxItems'));
  res.json({ FunctionEventInvokeConfigs: page, ...(nextMarker ? { NextMarker: nextMarker } : {}) });
};
