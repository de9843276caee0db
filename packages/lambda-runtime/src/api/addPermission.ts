import { ResourceConflictException } from '../errors.js';
import type { ApiOperation } from './apiDeps.js';
import { policyStatement } from './policyStatement.js';
import { functionRef, jsonBody } from './requestParts.js';

/**
 * POST /2015-03-31/functions/{name}/policy -> 201 {Statement}. Stored so deployment tools that
 * grant permissions (SAM, CDK, function URL setup) work unchanged; the node does not enforce it.
 */
export const addPermission: ApiOperation = async (req, res, ctx, deps) => {
  const ref = functionRef(req);
  const resolved = deps.registry.resolve(ctx.tenant, ctx.accountId, ref);
  const fn = resolved.fn;
  const key = ref.qualifier ?? '';
  const statement = policyStatement(jsonBody(req), deps.registry.arn(fn, ref.qualifier));
  const statements = fn.policies?.[key] ?? [];
  if (statements.some((existing) => existing.Sid === statement.Sid)) {
    throw new ResourceConflictException(`The statement id (${statement.Sid}) provided already exists. Please provide a new statement id, or remove the existing statement.`);
  }
  fn.policies = { ...fn.policies, [key]: [...statements, statement] };
  await deps.registry.persist();
  res.status(201).json({ Statement: JSON.stringify(statement) });
};
