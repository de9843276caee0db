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

export function createContext(
  invocation: { requestId: string; deadlineMs: number; invokedFunctionArn: string; clientContext?: unknown },
  complete: (error: unknown, result: unknown) => void,
): LambdaContext {
  const env = process.env;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: env.AWS_LAMBDA_FUNCTION_NAME ?? '',
    functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION ?? '$LATEST',
    invokedFunctionArn: invocation.invokedFunctionArn,
    // A string on Lambda too: the runtime copies AWS_LAMBDA_FUNCTION_MEMORY_SIZE.
    memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? '128',
    awsRequestId: invocation.requestId,
    logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME ?? '',
    logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME ?? '',
    identity: undefined,
    clientContext: invocation.clientContext,
    getRemainingTimeInMillis: () => Math.max(0, invocation.deadlineMs - Date.now()),
    // The legacy completion methods older handlers still call.
    done: (error, result) => complete(error, result),
    succeed: (result) => complete(null, result),
    fail: (error) => complete(error ?? new Error('handled'), undefined),
  };
}
