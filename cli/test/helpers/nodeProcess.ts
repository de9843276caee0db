import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The compiled CLI (cli/dist/test/helpers -> cli/dist/src/bin.js). */
export const BIN = join(dirname(fileURLToPath(import.meta.url)), '../../src/bin.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  /** The child's whole environment (default: ours). */
  env?: NodeJS.ProcessEnv;
  /** Written to the child's stdin, which is then closed (default: no stdin). */
  input?: string;
}

/** Runs the CLI to completion. */
export function runCli(args: string[], options: CliRunOptions = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      ...(options.env ? { env: options.env } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    if (options.input !== undefined) child.stdin!.end(options.input);
  });
}

/** A long-running CLI command (`kuhiro node`, `kuhiro dev`) that has printed its ready line. */
export interface CliChild {
  child: ChildProcess;
  /** The ready line's match against the `ready` pattern. */
  ready: RegExpExecArray;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or signal name) once the process is gone. */
  exited: Promise<number | string | null>;
}

export interface StartCliOptions {
  /** Matched against everything printed so far; the command is ready once it matches. */
  ready: RegExp;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

/** Starts a long-running CLI command and resolves once its stdout matches `ready` (rejects, killing it, on timeout or early exit). */
export function startCli(args: string[], options: StartCliOptions): Promise<CliChild> {
  const { ready, timeoutMs = 20_000 } = options;
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], ...(options.env ? { env: options.env } : {}) });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | string | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const label = `kuhiro ${args[0] ?? ''}`;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${label} not ready after ${timeoutMs} ms; stdout:\n${stdout}\nstderr:\n${stderr}`));
    }, timeoutMs);
    child.stdout!.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
      const match = ready.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve({ child, ready: match, stdout: () => stdout, stderr: () => stderr, exited });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${label} exited with ${code} before ready; stderr:\n${stderr}`));
    });
  });
}

/** Stops a child we started (by its own handle): SIGTERM, as Ctrl-C's handler does the same, then SIGKILL after `graceMs`. */
export async function stopCli(running: CliChild | undefined, graceMs = 10_000): Promise<number | string | null | undefined> {
  if (!running) return undefined;
  if (running.child.exitCode !== null || running.child.signalCode !== null) return running.exited;
  running.child.kill('SIGTERM');
  const timer = setTimeout(() => running.child.kill('SIGKILL'), graceMs);
  const code = await running.exited;
  clearTimeout(timer);
  return code;
}

export interface NodeChild extends CliChild {
  url: string;
}

const NODE_READY = /^kuhiro node ready at (http:\/\/\S+)$/m;

/** Starts `kuhiro node` and resolves once it prints its ready line. */
export async function startNodeProcess(args: string[], timeoutMs = 20_000): Promise<NodeChild> {
  const running = await startCli(['node', ...args], { ready: NODE_READY, timeoutMs });
  return { ...running, url: running.ready[1]! };
}

export async function stopNodeProcess(node: NodeChild | undefined): Promise<void> {
  await stopCli(node);
}
