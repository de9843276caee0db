import { spawn, type ChildProcess } from 'node:child_process';

export interface WatchedChild {
  readonly child: ChildProcess;
  /** The last stderr lines, for error messages. */
  stderrTail(): string;
  stop(): Promise<void>;
}

export interface SpawnUntilOptions {
  /** Resolves once a stdout line matches. */
  ready: RegExp;
  label: string;
  timeoutMs?: number;
  cwd?: string;
  /** Every stdout line after the ready one (progress, logs). */
  onLine?: (line: string) => void;
  /**
   * Start the child in its own process group, so a terminal's Ctrl-C reaches only us and we
   * stop the child once, with one signal (a `kuhiro node` treats a second signal as "exit now,
   * skip the clean stop").
   */
  ownProcessGroup?: boolean;
}

/** Spawns a long-running child and resolves when it prints its ready line. */
export async function spawnUntil(command: string, args: string[], options: SpawnUntilOptions): Promise<WatchedChild & { match: RegExpExecArray }> {
  const child = spawn(command, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.cwd ? { cwd: options.cwd } : {}),
    ...(options.ownProcessGroup ? { detached: true } : {}),
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const watched: WatchedChild = { child, stderrTail: () => stderr, stop: () => stopChild(child, { group: options.ownProcessGroup === true }) };
  try {
    const match = await new Promise<RegExpExecArray>((resolve, reject) => {
      let buffered = '';
      let found: RegExpExecArray | undefined;
      const timer = setTimeout(
        () => reject(new Error(`${options.label} was not ready after ${(options.timeoutMs ?? 60_000) / 1000} s; its stderr:\n${stderr}`)),
        options.timeoutMs ?? 60_000,
      );
      child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
        buffered += chunk;
        let newline: number;
        while ((newline = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, newline);
          buffered = buffered.slice(newline + 1);
          if (found) {
            options.onLine?.(line);
            continue;
          }
          const match = options.ready.exec(line);
          if (match) {
            found = match;
            clearTimeout(timer);
            resolve(match);
          }
        }
      });
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        if (!found) reject(new Error(`${options.label} exited (${signal ?? code}) before it was ready; its stderr:\n${stderr}`));
      });
    });
    return { ...watched, match };
  } catch (error) {
    await watched.stop();
    throw error;
  }
}

/**
 * SIGTERM, then SIGKILL after a grace period; resolves when the child has exited. With `group`
 * (a child started in its own process group) the SIGKILL goes to the whole group, so the
 * nodes of a `kuhiro up` that did not stop in time are not left behind as orphans.
 */
export function stopChild(child: ChildProcess, options: { graceMs?: number; group?: boolean } = {}): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => {
      if (options.group && child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
          return;
        } catch {
          // The group is gone already; fall through to the child itself.
        }
      }
      child.kill('SIGKILL');
    }, options.graceMs ?? 15_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export interface FinishedRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a short command to its end, collecting its output. */
export function runToEnd(command: string, args: string[], options: { cwd?: string } = {}): Promise<FinishedRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...(options.cwd ? { cwd: options.cwd } : {}) });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
