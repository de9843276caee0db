import { InvalidParameterValueException } from '../errors.js';
import type { ApiOperation } from './apiDeps.js';
import { jsonBody } from './requestParts.js';
import { taggedFunction } from './taggedFunction.js';

/** POST /2017-03-31/tags/{ARN} {Tags} -> 204. */
export const tagResource: ApiOperation = async (req, res, ctx, deps) => {
  const fn = taggedFunction(req, ctx, deps);
  const tags = jsonBody(req).Tags;
  if (!tags || typeof tags !== 'object' || Object.values(tags).some((value) => typeof value !== 'string')) {
    throw new InvalidParameterValueException('Tags must be a map of strings.');
  }
  fn.tags = { ...fn.tags, ...(tags as Record<string, string>) };
  await deps.registry.persist();
  res.status(204).end();
};
