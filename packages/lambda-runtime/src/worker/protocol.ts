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

export type ParentMessage = InvokeMessage;

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'initError'; error: FunctionErrorShape }
  | { type: 'log'; line: string }
  | { type: 'result'; requestId: string; payload: string; memoryUsedMb: number }
  | { type: 'error'; requestId: string; error: FunctionErrorShape; fatal: boolean; memoryUsedMb: number };
