import { InvalidParameterValueException } from '../errors.js';
import { DEFAULTS } from '../limits.js';
import { validateSettings, type SettingsInput } from './settingsValidation.js';
import type { FunctionSettings } from './types.js';

/** CreateFunction's settings with Lambda's defaults (3 s, 128 MB). */
export function settingsForCreate(input: SettingsInput, accountId: string): FunctionSettings {
  validateSettings(input);
  if (input.Runtime === undefined || input.Handler === undefined) {
    throw new InvalidParameterValueException('Runtime and Handler are mandatory parameters for functions created with deployment packages.');
  }
  return {
    runtime: input.Runtime as string,
    handler: input.Handler as string,
    // Kuhiro needs no IAM role; one is accepted and reported, and a placeholder stands in when absent.
    role: (input.Role as string | undefined) ?? `arn:aws:iam::${accountId}:role/kuhiro-lambda`,
    timeout: (input.Timeout as number | undefined) ?? DEFAULTS.timeout,
    memorySize: (input.MemorySize as number | undefined) ?? DEFAULTS.memorySize,
    description: typeof input.Description === 'string' ? input.Description : '',
    environment: environmentVariables(input.Environment) ?? {},
  };
}

/** UpdateFunctionConfiguration: members present replace the current ones. */
export function settingsForUpdate(current: FunctionSettings, input: SettingsInput): FunctionSettings {
  validateSettings(input);
  return {
    runtime: (input.Runtime as string | undefined) ?? current.runtime,
    handler: (input.Handler as string | undefined) ?? current.handler,
    role: (input.Role as string | undefined) ?? current.role,
    timeout: (input.Timeout as number | undefined) ?? current.timeout,
    memorySize: (input.MemorySize as number | undefined) ?? current.memorySize,
    description: typeof input.Description === 'string' ? input.Description : current.description,
    environment: environmentVariables(input.Environment) ?? current.environment,
  };
}

function environmentVariables(environment: unknown): Record<string, string> | undefined {
  if (environment === undefined || environment === null) return undefined;
  return { ...((environment as { Variables?: Record<string, string> }).Variables ?? {}) };
}
