import { functionConfiguration } from '../registry/wireShapes.js';
import type { ApiOperation } from './apiDeps.js';
import { functionRef, jsonBody } from './requestParts.js';
import { checkRevision } from './revisionCheck.js';
import { PreconditionFailedException } from '../errors.js';

/** POST /2015-03-31/functions/{name}/versions -> 201 the published version's configuration. */
export const publishVersion: ApiOperation = async (req, res, ctx, deps) => {
  const fn = deps.registry.require(ctx.tenant, ctx.accountId, functionRef(req));
  const body = jsonBody(req);
  checkRevision(body.RevisionId, fn.latest.revisionId);
  if (typeof body.CodeSha256 === 'string' && body.CodeSha256 !== fn.latest.code.codeSha256) {
    throw new PreconditionFailedException(`CodeSHA256 (${body.CodeSha256}) is different from current CodeSHA256 in $LATEST (${fn.latest.code.codeSha256}). Please try again with the CodeSHA256 in $LATEST.`);
  }
  const version = deps.registry.publishVersion(fn, typeof body.Description === 'string' ? body.Description : undefined);
  await deps.registry.persist();
  res.status(201).json(functionConfiguration(deps.registry, fn, version));
};
