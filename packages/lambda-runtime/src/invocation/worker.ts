import type { FunctionErrorShape, InvokeMessage, WorkerMessage } from '../worker/protocol.js';
import type { ExecutionEnvironment } from './executor.js';

/**
 * One execution environment's lifecycle:
 *   starting -> idle <-> busy -> dead
 * An environment that timed out, crashed or failed its init goes to `dead` and is never reused.
 */
export type WorkerState = 'starting' | 'idle' | 'busy' | 'dead';

export type InvocationOutcome =
  | { kind: 'success'; payload: string; memoryUsedMb: number }
  | { kind: 'functionError'; error: FunctionErrorShape; memoryUsedMb: number }
  | { kind: 'initError'; error: FunctionErrorShape }
  | { kind: 'timeout' }
  | { kind: 'exit'; description: string };

export class Worker {
  private stateValue: WorkerState = 'starting';
  private initErrorValue: FunctionErrorShape | undefined;
  private exitDescription: string | undefined;
  private lineListener: (line: string) => void;
  private settleCurrent: ((outcome: InvocationOutcome) => void) | undefined;
  private readonly startedAt: number;
  /** How long init took; reported once, on the first invocation (Lambda's "Init Duration"). */
  initDurationMs: number | undefined;
  private initReported = false;
  lastUsedAt: number;
  readonly ready: Promise<void>;

  constructor(
    private readonly environment: ExecutionEnvironment,
    private readonly now: () => number,
    private readonly idleLog: (line: string) => void,
  ) {
    this.startedAt = now();
    this.lastUsedAt = this.startedAt;
    this.lineListener = idleLog;
    let markReady!: () => void;
    this.ready = new Promise<void>((resolve) => (markReady = resolve));
    environment.onMessage((message) => this.onMessage(message, markReady));
    environment.onOutput((text) => {
      for (const line of text.split('\n')) if (line !== '') this.lineListener(line);
    });
    void environment.exited.then((description) => {
      this.exitDescription = description;
      const wasStarting = this.stateValue === 'starting';
      this.stateValue = 'dead';
      if (wasStarting && !this.initErrorValue) {
        this.initErrorValue = { errorType: 'Runtime.ExitError', errorMessage: `Runtime exited with error: ${description}` };
      }
      markReady();
      this.settleCurrent?.({ kind: 'exit', description });
    });
  }

  get state(): WorkerState {
    return this.stateValue;
  }

  /** Runs one invocation; resolves with its outcome (never rejects). */
  invoke(message: InvokeMessage, timeoutMs: number, onLine: (line: string) => void): Promise<InvocationOutcome> {
    if (this.initErrorValue) {
      this.stateValue = 'dead';
      this.environment.kill();
      return Promise.resolve({ kind: 'initError', error: this.initErrorValue });
    }
    if (this.stateValue !== 'idle') {
      return Promise.resolve({ kind: 'exit', description: this.exitDescription ?? `worker is ${this.stateValue}` });
    }
    this.stateValue = 'busy';
    this.lineListener = onLine;
    return new Promise<InvocationOutcome>((resolve) => {
      const timer = setTimeout(() => {
        // A timed-out environment may still be running user code: it is killed, never reused.
        this.stateValue = 'dead';
        this.environment.kill();
        settle({ kind: 'timeout' });
      }, timeoutMs);
      const settle = (outcome: InvocationOutcome): void => {
        if (!this.settleCurrent) return;
        clearTimeout(timer);
        this.settleCurrent = undefined;
        this.lineListener = this.idleLog;
        this.lastUsedAt = this.now();
        if (this.stateValue === 'busy') this.stateValue = 'idle';
        resolve(outcome);
      };
      this.settleCurrent = settle;
      this.environment.send(message);
    });
  }

  /** Init Duration for the REPORT line, only for the first invocation of this environment. */
  takeInitDuration(): number | undefined {
    if (this.initReported) return undefined;
    this.initReported = true;
    return this.initDurationMs;
  }

  stop(): void {
    this.stateValue = 'dead';
    this.environment.kill();
  }

  get exited(): Promise<string> {
    return this.environment.exited;
  }

  private onMessage(message: WorkerMessage, markReady: () => void): void {
    switch (message.type) {
      case 'ready':
        this.initDurationMs = this.now() - this.startedAt;
        if (this.stateValue === 'starting') this.stateValue = 'idle';
        markReady();
        return;
      case 'initError':
        this.initDurationMs = this.now() - this.startedAt;
        this.initErrorValue = message.error;
        markReady();
        return;
      case 'log':
        this.lineListener(message.line);
        return;
      case 'result':
        this.settleCurrent?.({ kind: 'success', payload: message.payload, memoryUsedMb: message.memoryUsedMb });
        return;
      case 'error':
        // An error that escaped the handler ends the environment (the bootstrap exits after it).
        if (message.fatal) this.stateValue = 'dead';
        this.settleCurrent?.({ kind: 'functionError', error: message.error, memoryUsedMb: message.memoryUsedMb });
        return;
      default:
        // A message kind this node does not know: ignored, the node must not fail on a worker's word.
        return;
    }
  }
}
