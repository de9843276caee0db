import { randomUUID } from 'node:crypto';
import { aliasConfiguration } from '../registry/wireShapes.js';
import type { AliasState } from '../registry/types.js';
import { validateFunctionVersion } from './aliasInput.js';
import type { ApiOperation } from './apiDeps.js';
import { functionRef, jsonBody } from './requestParts.js';
import { checkRevision } from './revisionCheck.js';

/** PUT /2015-03-31/functions/{name}/aliases/{alias}. */
export const updateAlias: ApiOperation = async (req, res, ctx, deps) => {
  const fn = deps.registry.require(ctx.tenant, ctx.accountId, functionRef(req));
  const alias = deps.registry.requireAlias(fn, String(req.params.aliasName));
  const body = jsonBody(req);
  checkRevision(body.RevisionId, alias.revisionId, 'GetAlias');
  const updated: AliasState = { ...alias, revisionId: randomUUID() };
  if (body.FunctionVersion !== undefined) {
    updated.functionVersion = validateFunctionVersion(body.FunctionVersion);
    deps.registry.requireVersionExists(fn, updated.functionVersion);
  }
  if (typeof body.Description === 'string') updated.description = body.Description;
  if (body.RoutingConfig && typeof body.RoutingConfig === 'object') updated.routingConfig = body.RoutingConfig as NonNullable<AliasState['routingConfig']>;
  fn.aliases[alias.name] = updated;
  await deps.registry.persist();
  res.json(aliasConfiguration(deps.registry, fn, updated));
};
