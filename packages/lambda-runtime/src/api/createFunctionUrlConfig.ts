import { ResourceConflictException } from '../errors.js';
import type { UrlConfigState } from '../registry/types.js';
import { urlConfigShape } from '../urls/urlConfigShape.js';
import { urlQualifier, validateAuthType, validateCors, validateInvokeMode } from '../urls/urlConfigInput.js';
import type { ApiOperation } from './apiDeps.js';
import { functionRef, jsonBody } from './requestParts.js';

/** POST /2021-10-31/functions/{name}/url[?Qualifier=alias] -> 201. */
export const createFunctionUrlConfig: ApiOperation = async (req, res, ctx, deps) => {
  const ref = functionRef(req);
  const fn = deps.registry.require(ctx.tenant, ctx.accountId, { ...ref, qualifier: undefined });
  const qualifier = urlQualifier(deps.registry, fn, ref.qualifier);
  const body = jsonBody(req);
  const authType = validateAuthType(body.AuthType);
  if (fn.urlConfigs[qualifier]) {
    throw new ResourceConflictException(`Failed to create function url config for [functionArn = ${deps.registry.arn(fn, qualifier === '$LATEST' ? undefined : qualifier)}]. Error message:  FunctionUrlConfig exists for this Lambda function`);
  }
  const now = new Date(deps.registry.timestamp().replace('+0000', 'Z')).toISOString();
  const config: UrlConfigState = {
    urlId: deps.urls.newId(), qualifier, authType, invokeMode: validateInvokeMode(body.InvokeMode ?? 'BUFFERED'), creationTime: now, lastModifiedTime: now,
  };
  const cors = validateCors(body.Cors);
  if (cors) config.cors = cors;
  fn.urlConfigs[qualifier] = config;
  deps.urls.add(config.urlId, { tenant: fn.tenant, functionName: fn.name, qualifier });
  await deps.registry.persist();
  res.status(201).json(urlConfigShape(deps.registry, fn, config, deps.endpointUrl(), false));
};
