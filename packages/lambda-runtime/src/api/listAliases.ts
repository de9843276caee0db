import { aliasConfiguration } from '../registry/wireShapes.js';
import type { ApiOperation } from './apiDeps.js';
import { paginate } from './pagination.js';
import { functionRef, queryString } from './requestParts.js';

/** GET /2015-03-31/functions/{name}/aliases[?FunctionVersion] -> {Aliases, NextMarker}. */
export const listAliases: ApiOperation = async (req, res, ctx, deps) => {
  const fn = deps.registry.require(ctx.tenant, ctx.accountId, functionRef(req));
  const onlyVersion = queryString(req, 'FunctionVersion');
  const aliases = Object.values(fn.aliases)
    .filter((alias) => onlyVersion === undefined || alias.functionVersion === onlyVersion)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((alias) => aliasConfiguration(deps.registry, fn, alias));
  const { page, nextMarker } = paginate(aliases, queryString(req, 'Marker'), queryString(req, 'MaxItems'));
  res.json({ Aliases: page, ...(nextMarker ? { NextMarker: nextMarker } : {}) });
};
