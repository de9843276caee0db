import { InvalidParameterValueException } from '../errors.js';
import { parseFunctionReference } from '../arn.js';
import { functionConfiguration } from '../registry/wireShapes.js';
import { settingsForCreate } from '../registry/settingsFromInput.js';
import type { ApiOperation } from './apiDeps.js';
import { jsonBody } from './requestParts.js';
import { zipFileBytes } from './zipFile.js';

/** POST /2015-03-31/functions -> 201 FunctionConfiguration. */
export const createFunction: ApiOperation = async (req, res, ctx, deps) => {
  const body = jsonBody(req);
  const ref = parseFunctionReference(typeof body.FunctionName === 'string' ? body.FunctionName : '');
  if (ref.qualifier !== undefined) throw new InvalidParameterValueException('Unsupported FunctionName: a qualifier is not allowed when creating a function.');
  if ((body.PackageType ?? 'Zip') !== 'Zip') throw new InvalidParameterValueException('This Kuhiro node runs Zip packages only.');
  const settings = settingsForCreate(body, ctx.accountId);
  // Refuse a duplicate before unpacking its code; create() checks again after the await.
  deps.registry.assertNameFree(ctx.tenant, ref.name);
  const code = await deps.codeStore.store(ctx.tenant, ref.name, zipFileBytes(body.Code));
  const fn = deps.registry.create(ctx.tenant, ctx.accountId, ref.name, settings, code);
  if (body.Tags && typeof body.Tags === 'object') fn.tags = { ...(body.Tags as Record<string, string>) };
  const version = body.Publish === true ? deps.registry.publishVersion(fn) : fn.latest;
  // Started before the state file is written: the environment's start overlaps that write.
  deps.invocations.prewarm(fn, version);
  await deps.registry.persist();
  res.status(201).json(functionConfiguration(deps.registry, fn, version));
};
