import { randomUUID } from 'node:crypto';
import { ResourceConflictException } from '../errors.js';
import { aliasConfiguration } from '../registry/wireShapes.js';
import type { AliasState } from '../registry/types.js';
import { validateAliasName, validateFunctionVersion } from './aliasInput.js';
import type { ApiOperation } from './apiDeps.js';
import { functionRef, jsonBody } from './requestParts.js';

/** POST /2015-03-31/functions/{name}/aliases -> 201 AliasConfiguration. */
export const createAlias: ApiOperation = async (req, res, ctx, deps) => {
  const fn = deps.registry.require(ctx.tenant, ctx.accountId, functionRef(req));
  const body = jsonBody(req);
  const name = validateAliasName(body.Name);
  const functionVersion = validateFunctionVersion(body.FunctionVersion);
  deps.registry.requireVersionExists(fn, functionVersion);
  if (fn.aliases[name]) throw new ResourceConflictException(`Alias already exists: ${deps.registry.arn(fn, name)}`);
  const alias: AliasState = { name, functionVersion, description: typeof body.Description === 'string' ? body.Description : '', revisionId: randomUUID() };
  if (body.RoutingConfig && typeof body.RoutingConfig === 'object') alias.routingConfig = body.RoutingConfig as AliasState['routingConfig'] & object;
  fn.aliases[name] = alias;
  await deps.registry.persist();
  res.status(201).json(aliasConfiguration(deps.registry, fn, alias));
};
