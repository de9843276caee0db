import { InvalidParameterValueException } from '../errors.js';
import { settingsForUpdate } from '../registry/settingsFromInput.js';
import { functionConfiguration } from '../registry/wireShapes.js';
import type { ApiOperation } from './apiDeps.js';
import { jsonBody, functionRef } from './requestParts.js';
import { checkRevision } from './revisionCheck.js';

/** PUT /2015-03-31/functions/{name}/configuration: members present replace $LATEST's settings. */
export const updateFunctionConfiguration: ApiOperation = async (req, res, ctx, deps) => {
  const ref = functionRef(req);
  const fn = deps.registry.require(ctx.tenant, ctx.accountId, ref);
  if (ref.qualifier !== undefined && ref.qualifier !== '$LATEST') {
    throw new InvalidParameterValueException('Current operation does not support versions other than $LATEST. Please set version to $LATEST or do not set a version in your ARN.');
  }
  const body = jsonBody(req);
  checkRevision(body.RevisionId, fn.latest.revisionId);
  const settings = settingsForUpdate(fn.latest.settings, body);
  deps.registry.updateLatest(fn, { settings });
  await deps.registry.persist();
  deps.invocations.prewarm(fn, fn.latest);
  res.json(functionConfiguration(deps.registry, fn, fn.latest));
};
