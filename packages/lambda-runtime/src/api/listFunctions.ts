import { functionConfiguration } from '../registry/wireShapes.js';
import type { ApiOperation } from './apiDeps.js';
import { paginate } from './pagination.js';
import { queryString } from './requestParts.js';

/** GET /2015-03-31/functions?Marker&MaxItems&FunctionVersion=ALL -> {Functions, NextMarker}. */
export const listFunctions: ApiOperation = async (req, res, ctx, deps) => {
  const allVersions = queryString(req, 'FunctionVersion') === 'ALL';
  const configurations = deps.registry.list(ctx.tenant).flatMap((fn) => {
    const versions = allVersions ? [fn.latest, ...Object.values(fn.versions)] : [fn.latest];
    return versions.map((version) => functionConfiguration(deps.registry, fn, version));
  });
  const { page, nextMarker } = paginate(configurations, queryString(req, 'Marker'), queryString(req, 'MaxItems'));
  res.json({ Functions: page, ...(nextMarker ? { NextMarker: nextMarker } : {}) });
};
