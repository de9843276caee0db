import type { ParentMessage, WorkerMessage } from '../worker/protocol.js';
import type { ExecutionEnvironment } from './executor.js';
import type { InspectorPortGate } from './debugPortGate.js';

/**
 * An environment whose process starts only once its inspector port is free. Until then it is a
 * worker that is still starting: listeners are kept and attached when the process exists, and a
 * kill before the start means the process never starts (its turn at the port passes on).
 */
export function gatedEnvironment(gate: InspectorPortGate, port: number, startProcess: () => ExecutionEnvironment): ExecutionEnvironment {
  let inner: ExecutionEnvironment | undefined;
  let killed = false;
  const messageListeners: Array<(message: WorkerMessage) => void> = [];
  const outputListeners: Array<(text: string) => void> = [];
  let markExited!: (description: string) => void;
  const exited = new Promise<string>((resolve) => (markExited = resolve));

  void gate.acquire(port).then((release) => {
    if (killed) {
      release();
      markExited('signal: killed');
      return;
    }
    inner = startProcess();
    for (const listener of messageListeners) inner.onMessage(listener);
    for (const listener of outputListeners) inner.onOutput(listener);
    void inner.exited.then((description) => {
      release();
      markExited(description);
    });
  });

  return {
    send: (message: ParentMessage) => inner?.send(message),
    onMessage: (listener) => {
      messageListeners.push(listener);
      inner?.onMessage(listener);
    },
    onOutput: (listener) => {
      outputListeners.push(listener);
      inner?.onOutput(listener);
    },
    exited,
    kill: () => {
      killed = true;
      inner?.kill();
    },
  };
}
