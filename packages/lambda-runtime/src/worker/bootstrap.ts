/**
 * The program a worker process runs: Lambda's Node.js runtime in miniature. It loads the handler
 * named by `_HANDLER` from `LAMBDA_TASK_ROOT` once (the init phase), then runs one invocation at a
 * time as the node sends them over the IPC channel, and answers with the result or the error.
 */
import { captureConsole } from './consoleCapture.js';
import { RuntimeError, runtimeErrorShape, toErrorShape } from './errorShape.js';
import { resolveHandler, type LambdaHandler } from './handlerResolver.js';
import { createContext, environmentIdentity } from './invocationContext.js';
import type { FunctionErrorShape, InvokeMessage, WorkerMessage } from './protocol.js';
import { guardProcessSignals } from './processGuard.js';
import { awaitInit } from './spareInit.js';

guardProcessSignals();

function send(message: WorkerMessage, then?: () => void): void {
  if (!process.connected) return;
  if (then) process.send!(message, undefined, undefined, () => then());
  else process.send!(message);
}

let current: InvokeMessage | undefined;

/**
 * REPORT's "Max Memory Used": the process's peak resident set size so far (getrusage's maxrss,
 * in KB on Linux), as Lambda reports the environment's peak. One syscall; `memoryUsage.rss()`
 * reads /proc/self/stat, which cost ~15% of a small invocation's worker time (CPU profile).
 */
function memoryUsedMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

captureConsole(() => current?.requestId, (line) => send({ type: 'log', line }));

/** An error that escapes the handler's promise chain ends the environment, as on Lambda. */
function die(error: FunctionErrorShape): void {
  send({ type: 'log', line: `${new Date().toISOString()}\t${current?.requestId ?? 'undefined'}\tERROR\t${JSON.stringify(error)}` });
  if (current) send({ type: 'error', requestId: current.requestId, error, fatal: true, memoryUsedMb: memoryUsedMb() }, () => process.exit(129));
  else send({ type: 'initError', error }, () => process.exit(129));
}

process.on('uncaughtException', (error) => die(toErrorShape(error)));
process.on('unhandledRejection', (reason) => {
  const inner = toErrorShape(reason);
  die({ errorType: 'Runtime.UnhandledPromiseRejection', errorMessage: `${inner.errorType}: ${inner.errorMessage}`, trace: inner.trace ?? [] });
});
// The node went away: nothing more will arrive.
process.on('disconnect', () => process.exit(0));

// A spare started before its function was known waits here for the function's environment.
await awaitInit();

const identity = environmentIdentity();
let handler: LambdaHandler | undefined;
try {
  handler = await resolveHandler(process.env.LAMBDA_TASK_ROOT ?? process.cwd(), process.env._HANDLER ?? 'index.handler');
  send({ type: 'ready' });
} catch (error) {
  const shape = error instanceof RuntimeError ? runtimeErrorShape(error) : toErrorShape(error);
  send({ type: 'log', line: `${new Date().toISOString()}\tundefined\tERROR\tUncaught Exception \t${JSON.stringify(shape)}` });
  send({ type: 'initError', error: shape });
}

process.on('message', (message: InvokeMessage) => {
  if (message.type !== 'invoke' || !handler) return;
  void invoke(handler, message);
});

async function invoke(fn: LambdaHandler, message: InvokeMessage): Promise<void> {
  current = message;
  let settled = false;
  const finish = (error: unknown, result: unknown): void => {
    if (settled) return;
    settled = true;
    current = undefined;
    if (error !== null && error !== undefined) {
      const shape = toErrorShape(error);
      send({ type: 'log', line: `${new Date().toISOString()}\t${message.requestId}\tERROR\tInvoke Error \t${JSON.stringify(shape)}` });
      send({ type: 'error', requestId: message.requestId, error: shape, fatal: false, memoryUsedMb: memoryUsedMb() });
      return;
    }
    let payload: string;
    try {
      payload = JSON.stringify(result) ?? 'null';
    } catch (serializationError) {
      const inner = toErrorShape(serializationError);
      send({ type: 'error', requestId: message.requestId, fatal: false, memoryUsedMb: memoryUsedMb(), error: { errorType: 'Runtime.ResponseSerializationError', errorMessage: inner.errorMessage, trace: inner.trace ?? [] } });
      return;
    }
    send({ type: 'result', requestId: message.requestId, payload, memoryUsedMb: memoryUsedMb() });
  };
  const context = createContext(identity, message, finish);
  // callbackWaitsForEmptyEventLoop=true would wait for the whole event loop; a warm worker's loop
  // never empties (the IPC channel), so the callback's result is returned on the next turn instead.
  const callback = (error?: unknown, result?: unknown): void => {
    setImmediate(() => finish(error ?? null, result));
  };
  try {
    const event: unknown = message.payload === '' ? {} : JSON.parse(message.payload);
    const returned = fn(event, context, callback);
    if (returned && typeof (returned as Promise<unknown>).then === 'function') {
      (returned as Promise<unknown>).then((result) => finish(null, result), (error: unknown) => finish(error ?? new Error('undefined'), undefined));
    } else if (fn.length < 3) {
      // A synchronous handler that takes no callback completes with null, whatever it returned.
      setImmediate(() => finish(null, null));
    }
  } catch (error) {
    finish(error, undefined);
  }
}

