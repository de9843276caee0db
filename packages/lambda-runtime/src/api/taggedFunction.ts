import type { Request } from 'express';
import { parseFunctionArn } from '../arn.js';
import { ResourceNotFoundException, validationErrors } from '../errors.js';
import type { FunctionState } from '../registry/types.js';
import type { ApiDeps, KuhiroRequestContext } from './apiDeps.js';

/** The function a tags request's `{ARN}` names; tags live on the unqualified function. */
export function taggedFunction(req: Request, ctx: KuhiroRequestContext, deps: ApiDeps): FunctionState {
  const arn = String(req.params.resourceArn);
  const parsed = parseFunctionArn(arn);
  if (!parsed) {
    throw validationErrors([`Value '${arn}' at 'resource' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*):lambda:[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:(function:[a-zA-Z0-9-_]+(:(\\$LATEST|[a-zA-Z0-9-_]+))?|layer:[a-zA-Z0-9-_]+|code-signing-config:csc-[a-z0-9]{17}|event-source-mapping:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})`]);
  }
  const fn = deps.registry.find(ctx.tenant, parsed.name);
  if (!fn || fn.accountId !== parsed.accountId || parsed.region !== ctx.region) {
    throw new ResourceNotFoundException(`Function not found: ${arn}`);
  }
  return fn;
}
