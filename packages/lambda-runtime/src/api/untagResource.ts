import type { ApiOperation } from './apiDeps.js';
import { queryStrings } from './requestParts.js';
import { taggedFunction } from './taggedFunction.js';

/** DELETE /2017-03-31/tags/{ARN}?tagKeys=a&tagKeys=b -> 204. */
export const untagResource: ApiOperation = async (req, res, ctx, deps) => {
  const fn = taggedFunction(req, ctx, deps);
  for (const key of queryStrings(req, 'tagKeys')) delete fn.tags[key];
  await deps.registry.persist();
  res.status(204).end();
};
