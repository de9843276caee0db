import { ResourceNotFoundException } from '../errors.js';
import type { ApiOperation } from './apiDeps.js';
import { functionRef } from './requestParts.js';

/** DELETE /2015-03-31/functions/{name}/policy/{StatementId} -> 204. */
export const removePermission: ApiOperation = async (req, res, ctx, deps) => {
  const ref = functionRef(req);
  const fn = deps.registry.resolve(ctx.tenant, ctx.accountId, ref).fn;
  const key = ref.qualifier ?? '';
  const statementId = String(req.params.statementId);
  const statements = fn.policies?.[key] ?? [];
  if (!statements.some((statement) => statement.Sid === statementId)) {
    throw new ResourceNotFoundException(`Statement ${statementId} is not found in resource policy.`);
  }
  fn.policies = { ...fn.policies, [key]: statements.filter((statement) => statement.Sid !== statementId) };
  await deps.registry.persist();
  res.status(204).end();
};
