import type { ParentMessage, WorkerMessage } from '../worker/protocol.js';
import type { InspectorEndpoint } from './debugInspector.js';

/** What an execution environment needs to start: the function's code, handler, env and limits. */
export interface EnvironmentSpec {
  taskRoot: string;
  /** Folders and files the code may read besides the task root (bootstrap, SDK mirror). */
  readablePaths: string[];
  env: Record<string, string>;
  memorySizeMb: number;
  /** The per-environment writable /tmp. */
  tmpDir: string;
  /** Set while the function is debugged: the process listens for an inspector client there. */
  inspector?: InspectorEndpoint;
}

/** One running execution environment (a process, for the child-process executor). */
export interface ExecutionEnvironment {
  send(message: ParentMessage): void;
  onMessage(listener: (message: WorkerMessage) => void): void;
  /** Raw stdout/stderr text that did not go through console.* (process.stdout.write, native crashes). */
  onOutput(listener: (text: string) => void): void;
  /** Resolves once the environment has exited, with a description like "exit status 1" or "signal: killed". */
  readonly exited: Promise<string>;
  kill(): void;
}

/**
 * Starts execution environments. The API and the pool see only this, so isolation can change
 * (containers, VMs) without touching them, as LocalStack swaps its Docker executor.
 */
export interface Executor {
  start(spec: EnvironmentSpec): ExecutionEnvironment;
  /**
   * Its environments run the worker bootstrap, which can start as a spare (no function yet) and
   * take its function's environment in an `init` message: see spareEnvironments.ts.
   */
  readonly runsSpares?: boolean;
  /** Releases what the executor holds itself (a helper process); called once its environments have exited. */
  close?(): Promise<void>;
}
