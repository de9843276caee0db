import { InvalidParameterValueException } from '../errors.js';
import { functionConfiguration } from '../registry/wireShapes.js';
import type { ApiOperation } from './apiDeps.js';
import { jsonBody, functionRef } from './requestParts.js';
import { checkRevision } from './revisionCheck.js';
import { zipFileBytes } from './zipFile.js';

/** PUT /2015-03-31/functions/{name}/code: new code for $LATEST, optionally published. */
export const updateFunctionCode: ApiOperation = async (req, res, ctx, deps) => {
  const ref = functionRef(req);
  const fn = deps.registry.require(ctx.tenant, ctx.accountId, ref);
  if (ref.qualifier !== undefined && ref.qualifier !== '$LATEST') {
    throw new InvalidParameterValueException('Current operation does not support versions other than $LATEST. Please set version to $LATEST or do not set a version in your ARN.');
  }
  const body = jsonBody(req);
  checkRevision(body.RevisionId, fn.latest.revisionId);
  const code = await deps.codeStore.store(ctx.tenant, fn.name, zipFileBytes(body.Code ?? { ZipFile: body.ZipFile }));
  if (body.DryRun === true) {
    res.json(functionConfiguration(deps.registry, fn, { ...fn.latest, code }));
    return;
  }
  deps.registry.updateLatest(fn, { code });
  const version = body.Publish === true ? deps.registry.publishVersion(fn) : fn.latest;
  await deps.registry.persist();
  deps.invocations.prewarm(fn, fn.latest);
  res.json(functionConfiguration(deps.registry, fn, version));
};
