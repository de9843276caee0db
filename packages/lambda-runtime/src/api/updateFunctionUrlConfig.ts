import { urlConfigShape } from '../urls/urlConfigShape.js';
import { requireUrlConfig, urlQualifier, validateAuthType, validateCors, validateInvokeMode } from '../urls/urlConfigInput.js';
import type { ApiOperation } from './apiDeps.js';
import { functionRef, jsonBody } from './requestParts.js';

/** PUT /2021-10-31/functions/{name}/url[?Qualifier=alias]: members present replace the stored ones. */
export const updateFunctionUrlConfig: ApiOperation = async (req, res, ctx, deps) => {
  const ref = functionRef(req);
  const fn = deps.registry.require(ctx.tenant, ctx.accountId, { ...ref, qualifier: undefined });
  const config = requireUrlConfig(fn, urlQualifier(deps.registry, fn, ref.qualifier));
  const body = jsonBody(req);
  if (body.AuthType !== undefined) config.authType = validateAuthType(body.AuthType);
  if (body.InvokeMode !== undefined) config.invokeMode = validateInvokeMode(body.InvokeMode);
  if (body.Cors !== undefined) {
    const cors = validateCors(body.Cors);
    if (cors) config.cors = cors;
    else delete config.cors;
  }
  config.lastModifiedTime = new Date(deps.registry.timestamp().replace('+0000', 'Z')).toISOString();
  await deps.registry.persist();
  res.json(urlConfigShape(deps.registry, fn, config, deps.endpointUrl()));
};
