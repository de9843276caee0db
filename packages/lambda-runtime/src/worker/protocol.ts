/** Messages between the node and a worker process over the IPC channel, in both directions. */

/** The error shape Lambda returns as the payload of a failed invocation. */
export interface FunctionErrorShape {
  errorType: string;
  errorMessage: string;
  trace?: string[];
}

export interface InvokeMessage {
  type: 'invoke';
  requestId: string;
  payload: string;
  deadlineMs: number;
  invokedFunctionArn: string;
  clientContext?: unknown;
}

/**
 * The first message a spare environment gets (started before its function was known, see
 * invocation/spareEnvironments.ts): the function's environment variables, which replace the
 * spare's own; then it loads `_HANDLER` from `LAMBDA_TASK_ROOT` as any environment does.
 */
export interface InitMessage {
  type: 'init';
  env: Record<string, string>;
  /** The process title from now on (`ps`): names the code it runs, as a dedicated environment's arguments do. */
  title: string;
}

export type ParentMessage = InvokeMessage | InitMessage;

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'initError'; error: FunctionErrorShape }
  | { type: 'log'; line: string }
  | { type: 'result'; requestId: string; payload: string; memoryUsedMb: number }
  | { type: 'error'; requestId: string; error: FunctionErrorShape; fatal: boolean; memoryUsedMb: number };
