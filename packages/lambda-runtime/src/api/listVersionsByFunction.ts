import { functionConfiguration } from '../registry/wireShapes.js';
import type { ApiOperation } from './apiDeps.js';
import { paginate } from './pagination.js';
import { functionRef, queryString } from './requestParts.js';

/** GET /2015-03-31/functions/{name}/versions -> {Versions: [$LATEST, 1, 2, ...], NextMarker}. */
export const listVersionsByFunction: ApiOperation = async (req, res, ctx, deps) => {
  const fn = deps.registry.require(ctx.tenant, ctx.accountId, functionRef(req));
  const versions = [fn.latest, ...Object.values(fn.versions).sort((a, b) => Number(a.version) - Number(b.version))];
  const { page, nextMarker } = paginate(versions.map((version) => functionConfiguration(deps.registry, fn, version)), queryString(req, 'Marker'), queryString(req, 'MaxItems'));
  res.json({ Versions: page, ...(nextMarker ? { NextMarker: nextMarker } : {}) });
};
