/** The `context` object Lambda's Node.js runtime passes to handlers. */
export interface LambdaContext {
  callbackWaitsForEmptyEventLoop: boolean;
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  awsRequestId: string;
  logGroupName: string;
  logStreamName: string;
  identity?: unknown;
  clientContext?: unknown;
  getRemainingTimeInMillis(): number;
  done(error?: unknown, result?: unknown): void;
  succeed(result?: unknown): void;
  fail(error?: unknown): void;
}

/** The context fields that are the environment's, not the invocation's. */
export interface EnvironmentIdentity {
  functionName: string;
  functionVersion: string;
  memoryLimitInMB: string;
  logGroupName: string;
  logStreamName: string;
}

/**
 * Read once per environment, after its init (a spare's variables are replaced then), as Lambda's
 * Java runtime reads them once at start: each `process.env` read is a getenv scan in C++ plus a
 * new string, five per invocation, in a process whose code stays cold at high concurrency.
 */
export function environmentIdentity(env: NodeJS.ProcessEnv = process.env): EnvironmentIdentity {
  return {
    functionName: env.AWS_LAMBDA_FUNCTION_NAME ?? '',
    functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION ?? '$LATEST',
    // A string on Lambda too: the runtime copies AWS_LAMBDA_FUNCTION_MEMORY_SIZE.
    memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? '128',
    logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME ?? '',
    logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME ?? '',
  };
}

export function createContext(
  identity: EnvironmentIdentity,
  invocation: { requestId: string; deadlineMs: number; invokedFunctionArn: string; clientContext?: unknown },
  complete: (error: unknown, result: unknown) => void,
): LambdaContext {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: identity.functionName,
    functionVersion: identity.functionVersion,
    invokedFunctionArn: invocation.invokedFunctionArn,
    memoryLimitInMB: identity.memoryLimitInMB,
    awsRequestId: invocation.requestId,
    logGroupName: identity.logGroupName,
    logStreamName: identity.logStreamName,
    identity: undefined,
    clientContext: invocation.clientContext,
    getRemainingTimeInMillis: () => Math.max(0, invocation.deadlineMs - Date.now()),
    // The legacy completion methods older handlers still call.
    done: (error, result) => complete(error, result),
    succeed: (result) => complete(null, result),
    fail: (error) => complete(error ?? new Error('handled'), undefined),
  };
}
