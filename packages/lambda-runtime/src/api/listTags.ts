import type { ApiOperation } from './apiDeps.js';
import { taggedFunction } from './taggedFunction.js';

/** GET /2017-03-31/tags/{ARN} -> {Tags}. */
export const listTags: ApiOperation = async (req, res, ctx, deps) => {
  res.json({ Tags: taggedFunction(req, ctx, deps).tags });
};
