export { createLambdaService, type LambdaService, type LambdaServiceOptions } from './service.js';
export type { LambdaTuning } from './invocation/tuning.js';
export type { Executor, ExecutionEnvironment, EnvironmentSpec } from './invocation/executor.js';
export type { LogLine } from './logs/functionLogs.js';
export type { KuhiroRequestContext } from './api/apiDeps.js';
export type { StreamSource, TriggerStreamRecord } from './eventSources/streamSource.js';
export { matchesPattern, parseFilterPattern, type FilterPattern } from './eventSources/filterPattern.js';
