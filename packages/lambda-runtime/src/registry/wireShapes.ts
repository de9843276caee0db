import type { FunctionRegistry } from './functionRegistry.js';
import type { AliasState, FunctionState, VersionState } from './types.js';

/** FunctionConfiguration as Lambda returns it; State/LastUpdateStatus are final at once so SDK waiters pass. */
export function functionConfiguration(registry: FunctionRegistry, fn: FunctionState, version: VersionState): Record<string, unknown> {
  const { settings } = version;
  return {
    FunctionName: fn.name,
    FunctionArn: registry.arn(fn, version.version === '$LATEST' ? undefined : version.version),
    Runtime: settings.runtime,
    Role: settings.role,
    Handler: settings.handler,
    CodeSize: version.code.codeSize,
    Description: settings.description,
    Timeout: settings.timeout,
    MemorySize: settings.memorySize,
    LastModified: version.lastModified,
    CodeSha256: version.code.codeSha256,
    Version: version.version,
    ...(Object.keys(settings.environment).length > 0 ? { Environment: { Variables: settings.environment } } : {}),
    TracingConfig: { Mode: 'PassThrough' },
    RevisionId: version.revisionId,
    State: 'Active',
    LastUpdateStatus: 'Successful',
    PackageType: 'Zip',
    Architectures: ['x86_64'],
    EphemeralStorage: { Size: 512 },
    SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
    LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${fn.name}` },
  };
}

export function aliasConfiguration(registry: FunctionRegistry, fn: FunctionState, alias: AliasState): Record<string, unknown> {
  return {
    AliasArn: registry.arn(fn, alias.name),
    Name: alias.name,
    FunctionVersion: alias.functionVersion,
    Description: alias.description,
    RevisionId: alias.revisionId,
    ...(alias.routingConfig ? { RoutingConfig: alias.routingConfig } : {}),
  };
}
