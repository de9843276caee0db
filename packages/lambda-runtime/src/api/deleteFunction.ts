import { InvalidParameterValueException } from '../errors.js';
import type { ApiOperation } from './apiDeps.js';
import { functionRef } from './requestParts.js';

/** DELETE /2015-03-31/functions/{name}[?Qualifier=version] -> 204. */
export const deleteFunction: ApiOperation = async (req, res, ctx, deps) => {
  const ref = functionRef(req);
  const fn = deps.registry.require(ctx.tenant, ctx.accountId, ref);
  if (ref.qualifier === '$LATEST') throw new InvalidParameterValueException('$LATEST version cannot be deleted without deleting the function.');
  if (ref.qualifier !== undefined) {
    if (fn.aliases[ref.qualifier]) throw new InvalidParameterValueException('Deletion of aliases is not currently supported.');
    deps.registry.requireVersionExists(fn, ref.qualifier);
    deps.registry.deleteVersion(fn, ref.qualifier);
  } else {
    deps.registry.delete(fn);
    deps.invocations.retireFunction(fn);
    for (const urlConfig of Object.values(fn.urlConfigs)) deps.urls.remove(urlConfig.urlId);
    await deps.codeStore.removeFunction(fn.tenant, fn.name);
  }
  await deps.registry.persist();
  res.status(204).end();
};
