import type { FunctionRegistry } from '../registry/functionRegistry.js';
import type { FunctionState, UrlConfigState } from '../registry/types.js';
import { functionUrl } from './urlIndex.js';

/** FunctionUrlConfig as the API returns it (Create omits LastModifiedTime, as Lambda does). */
export function urlConfigShape(registry: FunctionRegistry, fn: FunctionState, config: UrlConfigState, endpointUrl: string, withLastModified = true): Record<string, unknown> {
  return {
    FunctionUrl: functionUrl(endpointUrl, config.urlId),
    FunctionArn: registry.arn(fn, config.qualifier === '$LATEST' ? undefined : config.qualifier),
    AuthType: config.authType,
    ...(config.cors ? { Cors: config.cors } : {}),
    CreationTime: config.creationTime,
    ...(withLastModified ? { LastModifiedTime: config.lastModifiedTime } : {}),
    InvokeMode: config.invokeMode,
  };
}
