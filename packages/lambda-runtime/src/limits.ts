/** Lambda's documented quotas and wire constants, as Kuhiro enforces them. */
export const LIMITS = {
  /** Invoke RequestResponse payload, request and response (6 MB). */
  syncPayloadBytes: 6 * 1024 * 1024,
  /** Invoke Event payload: AWS raised it from 256 KB to 1 MB in 2025. */
  asyncPayloadBytes: 1024 * 1024,
  /** Zipped deployment package uploaded directly in the request (50 MB). */
  zipFileBytes: 50 * 1024 * 1024,
  /** Unzipped code size (250 MB). */
  unzippedCodeBytes: 250 * 1024 * 1024,
  timeoutMin: 1,
  timeoutMax: 900,
  memoryMin: 128,
  memoryMax: 10240,
  /** LogType Tail returns the last 4 KB of the invocation's log. */
  logTailBytes: 4096,
  /** Event invocations are retried twice after a function error (three attempts in all). */
  asyncRetries: 2,
  listMaxItems: 50,
  functionNameMaxLength: 64,
  handlerMaxLength: 128,
} as const;

export const DEFAULTS = {
  timeout: 3,
  memorySize: 128,
} as const;

export const SUPPORTED_RUNTIMES = ['nodejs18.x', 'nodejs20.x', 'nodejs22.x'] as const;
export type SupportedRuntime = (typeof SUPPORTED_RUNTIMES)[number];

/** Node runtimes AWS has retired; Lambda refuses them with its own message. */
export const DEPRECATED_RUNTIMES = ['nodejs', 'nodejs4.3', 'nodejs4.3-edge', 'nodejs6.10', 'nodejs8.10', 'nodejs10.x', 'nodejs12.x', 'nodejs14.x', 'nodejs16.x'] as const;

/** Runtimes Lambda knows (its enum) that this node cannot run. */
export const OTHER_AWS_RUNTIMES = [
  'nodejs24.x', 'java8', 'java8.al2', 'java11', 'java17', 'java21', 'java25', 'python3.9', 'python3.10', 'python3.11', 'python3.12',
  'python3.13', 'python3.14', 'dotnet6', 'dotnet8', 'dotnet10', 'ruby3.2', 'ruby3.3', 'ruby3.4', 'provided', 'provided.al2', 'provided.al2023',
] as const;
