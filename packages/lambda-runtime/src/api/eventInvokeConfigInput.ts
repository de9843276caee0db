import { ResourceNotFoundException, validationErrors } from '../errors.js';
import type { FunctionRegistry } from '../registry/functionRegistry.js';
import type { EventInvokeConfigState, FunctionState } from '../registry/types.js';

/** The qualifier an event-invoke-config belongs to: $LATEST, a version or an alias that exists. */
export function eventConfigQualifier(registry: FunctionRegistry, fn: FunctionState, qualifier: string | undefined): string {
  if (qualifier === undefined || qualifier === '$LATEST') return '$LATEST';
  if (!fn.versions[qualifier]) registry.requireAlias(fn, qualifier);
  return qualifier;
}

/** Reads and checks the settable members; members absent stay undefined. */
export function eventConfigMembers(body: Record<string, unknown>): Omit<EventInvokeConfigState, 'lastModified'> {
  const failures: string[] = [];
  const retries = body.MaximumRetryAttempts;
  const age = body.MaximumEventAgeInSeconds;
  if (retries !== undefined && (!Number.isInteger(retries) || (retries as number) < 0 || (retries as number) > 2)) {
    failures.push(`Value '${String(retries)}' at 'maximumRetryAttempts' failed to satisfy constraint: Member must have value ${(retries as number) < 0 ? 'greater than or equal to 0' : 'less than or equal to 2'}`);
  }
  if (age !== undefined && (!Number.isInteger(age) || (age as number) < 60 || (age as number) > 21600)) {
    failures.push(`Value '${String(age)}' at 'maximumEventAgeInSeconds' failed to satisfy constraint: Member must have value ${(age as number) < 60 ? 'greater than or equal to 60' : 'less than or equal to 21600'}`);
  }
  if (failures.length > 0) throw validationErrors(failures);
  const members: Omit<EventInvokeConfigState, 'lastModified'> = {};
  if (retries !== undefined) members.maximumRetryAttempts = retries as number;
  if (age !== undefined) members.maximumEventAgeInSeconds = age as number;
  if (body.DestinationConfig && typeof body.DestinationConfig === 'object') members.destinationConfig = body.DestinationConfig as Record<string, unknown>;
  return members;
}

export function requireEventConfig(registry: FunctionRegistry, fn: FunctionState, qualifier: string): EventInvokeConfigState {
  const config = fn.eventInvokeConfigs?.[qualifier];
  if (!config) {
    throw new ResourceNotFoundException(`The function ${registry.arn(fn, qualifier)} doesn't have an EventInvokeConfig`);
  }
  return config;
}

export function eventConfigShape(registry: FunctionRegistry, fn: FunctionState, qualifier: string, config: EventInvokeConfigState): Record<string, unknown> {
  return {
    LastModified: config.lastModified,
    FunctionArn: registry.arn(fn, qualifier),
    ...(config.maximumRetryAttempts !== undefined ? { MaximumRetryAttempts: config.maximumRetryAttempts } : {}),
    ...(config.maximumEventAgeInSeconds !== undefined ? { MaximumEventAgeInSeconds: config.maximumEventAgeInSeconds } : {}),
    DestinationConfig: config.destinationConfig ?? { OnSuccess: {}, OnFailure: {} },
  };
}
