import { randomUUID } from 'node:crypto';
import { ResourceNotFoundException } from '../errors.js';
import type { ApiOperation } from './apiDeps.js';
import { functionRef } from './requestParts.js';

/** GET /2015-03-31/functions/{name}/policy -> {Policy (JSON text), RevisionId}. */
export const getPolicy: ApiOperation = async (req, res, ctx, deps) => {
  const ref = functionRef(req);
  const fn = deps.registry.resolve(ctx.tenant, ctx.accountId, ref).fn;
  const statements = fn.policies?.[ref.qualifier ?? ''] ?? [];
  if (statements.length === 0) throw new ResourceNotFoundException('The resource you requested does not exist.');
  res.json({ Policy: JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: statements }), RevisionId: randomUUID() });
};
