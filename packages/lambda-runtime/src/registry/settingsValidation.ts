import { InvalidParameterValueException, validationErrors } from '../errors.js';
import { DEPRECATED_RUNTIMES, LIMITS, OTHER_AWS_RUNTIMES, SUPPORTED_RUNTIMES } from '../limits.js';

const ALL_RUNTIMES = [...SUPPORTED_RUNTIMES, ...DEPRECATED_RUNTIMES, ...OTHER_AWS_RUNTIMES];

/** Settings as they arrive on CreateFunction / UpdateFunctionConfiguration, every member optional. */
export interface SettingsInput {
  Runtime?: unknown;
  Handler?: unknown;
  Role?: unknown;
  Timeout?: unknown;
  MemorySize?: unknown;
  Description?: unknown;
  Environment?: unknown;
}

/**
 * Checks settings in Lambda's order: model constraints first, gathered into one
 * "N validation errors detected" message, then the runtime's own refusal.
 */
export function validateSettings(input: SettingsInput): void {
  const failures: string[] = [];
  const { Runtime, Handler, Timeout, MemorySize, Role } = input;
  if (Runtime !== undefined && (typeof Runtime !== 'string' || !(ALL_RUNTIMES as readonly string[]).includes(Runtime))) {
    failures.push(`Value '${String(Runtime)}' at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [${ALL_RUNTIMES.join(', ')}] or be a valid ARN`);
  }
  if (Handler !== undefined) {
    if (typeof Handler !== 'string' || !/^[^\s]+$/.test(Handler)) {
      failures.push(`Value '${String(Handler)}' at 'handler' failed to satisfy constraint: Member must satisfy regular expression pattern: [^\\s]+`);
    } else if (Handler.length > LIMITS.handlerMaxLength) {
      failures.push(`Value '${Handler}' at 'handler' failed to satisfy constraint: Member must have length less than or equal to ${LIMITS.handlerMaxLength}`);
    }
  }
  if (Timeout !== undefined) {
    if (!Number.isInteger(Timeout) || (Timeout as number) < LIMITS.timeoutMin) {
      failures.push(`Value '${String(Timeout)}' at 'timeout' failed to satisfy constraint: Member must have value greater than or equal to ${LIMITS.timeoutMin}`);
    } else if ((Timeout as number) > LIMITS.timeoutMax) {
      failures.push(`Value '${String(Timeout)}' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to ${LIMITS.timeoutMax}`);
    }
  }
  if (MemorySize !== undefined) {
    if (!Number.isInteger(MemorySize) || (MemorySize as number) < LIMITS.memoryMin) {
      failures.push(`Value '${String(MemorySize)}' at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to ${LIMITS.memoryMin}`);
    } else if ((MemorySize as number) > LIMITS.memoryMax) {
      failures.push(`Value '${String(MemorySize)}' at 'memorySize' failed to satisfy constraint: Member must have value less than or equal to ${LIMITS.memoryMax}`);
    }
  }
  if (Role !== undefined && (typeof Role !== 'string' || !/^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/.test(Role))) {
    failures.push(`Value '${String(Role)}' at 'role' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+`);
  }
  if (failures.length > 0) throw validationErrors(failures);

  if (typeof Runtime === 'string' && (DEPRECATED_RUNTIMES as readonly string[]).includes(Runtime)) {
    throw new InvalidParameterValueException(
      `The runtime parameter of ${Runtime} is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions.`,
    );
  }
  if (typeof Runtime === 'string' && !(SUPPORTED_RUNTIMES as readonly string[]).includes(Runtime)) {
    // Lambda accepts these; this node only runs Node.js. Kuhiro's own wording.
    throw new InvalidParameterValueException(`The runtime parameter of ${Runtime} is not supported by this Kuhiro node. Supported runtimes: ${SUPPORTED_RUNTIMES.join(', ')}.`);
  }
  validateEnvironment(input.Environment);
}

/** Lambda reserves these keys; setting one is refused naming the keys. */
const RESERVED_ENV_KEYS = new Set([
  '_HANDLER', '_X_AMZN_TRACE_ID', 'AWS_DEFAULT_REGION', 'AWS_REGION', 'AWS_EXECUTION_ENV', 'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 'AWS_LAMBDA_FUNCTION_VERSION', 'AWS_LAMBDA_INITIALIZATION_TYPE', 'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME', 'AWS_ACCESS_KEY', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API', 'LAMBDA_TASK_ROOT', 'LAMBDA_RUNTIME_DIR',
]);

function validateEnvironment(environment: unknown): void {
  if (environment === undefined) return;
  const variables = (environment as { Variables?: unknown }).Variables;
  if (variables === undefined) return;
  if (typeof variables !== 'object' || variables === null || Array.isArray(variables)) {
    throw new InvalidParameterValueException('Environment variables must be a map of strings.');
  }
  const reserved = Object.keys(variables).filter((key) => RESERVED_ENV_KEYS.has(key));
  if (reserved.length > 0) {
    throw new InvalidParameterValueException(`Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: ${reserved.join(', ')}`);
  }
  for (const [key, value] of Object.entries(variables)) {
    if (!/^[a-zA-Z]([a-zA-Z0-9_])+$/.test(key)) {
      throw validationErrors([`Value '${key}' at 'environment.variables' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]`]);
    }
    if (typeof value !== 'string') throw new InvalidParameterValueException('Environment variables must be a map of strings.');
  }
}
