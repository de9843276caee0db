import { InvalidParameterValueException, ResourceNotFoundException, validationErrors } from '../errors.js';
import type { FunctionRegistry } from '../registry/functionRegistry.js';
import type { CorsConfig, FunctionState, UrlConfigState } from '../registry/types.js';

export function validateAuthType(authType: unknown): 'NONE' | 'AWS_IAM' {
  if (authType !== 'NONE' && authType !== 'AWS_IAM') {
    throw validationErrors([`Value '${String(authType)}' at 'authType' failed to satisfy constraint: Member must satisfy enum value set: [NONE, AWS_IAM]`]);
  }
  return authType;
}

export function validateInvokeMode(mode: unknown): 'BUFFERED' | 'RESPONSE_STREAM' {
  if (mode !== 'BUFFERED' && mode !== 'RESPONSE_STREAM') {
    throw validationErrors([`Value '${String(mode)}' at 'invokeMode' failed to satisfy constraint: Member must satisfy enum value set: [BUFFERED, RESPONSE_STREAM]`]);
  }
  return mode;
}

export function validateCors(cors: unknown): CorsConfig | undefined {
  if (cors === undefined || cors === null) return undefined;
  if (typeof cors !== 'object' || Array.isArray(cors)) throw new InvalidParameterValueException('Cors must be an object.');
  return { ...(cors as CorsConfig) };
}

/** Function URLs attach to $LATEST (no Qualifier) or to an alias, never to a version number. */
export function urlQualifier(registry: FunctionRegistry, fn: FunctionState, qualifier: string | undefined): string {
  if (qualifier === undefined || qualifier === '$LATEST') return '$LATEST';
  if (/^[0-9]+$/.test(qualifier)) throw new InvalidParameterValueException('Function URLs cannot be attached to a function version. Use an alias or $LATEST.');
  registry.requireAlias(fn, qualifier);
  return qualifier;
}

/** Lambda's answer when the function has no URL config for that qualifier. */
export function requireUrlConfig(fn: FunctionState, qualifier: string): UrlConfigState {
  const config = fn.urlConfigs[qualifier];
  if (!config) throw new ResourceNotFoundException('The resource you requested does not exist.');
  return config;
}
