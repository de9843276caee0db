import { spawn, type ChildProcess } from 'node:child_process';
import { BIN } from '../helpers/nodeProcess.js';

const READY = /^kuhiro dev: watching /m;
/** The single node's endpoint, or on a network the PoP apps use. */
const ENDPOINT = /^ {2}(?:endpoint|apps use)\s+(http:\/\/\S+)$/m;

export interface DevChild {
  child: ChildProcess;
  endpoint: string;
  stdout(): string;
  stderr(): string;
  exited: Promise<number | string | null>;
}

/** Starts `kuhiro dev --single --port 0 ...` (`network: true`: the args choose) and resolves once it prints its ready line. */
export function startDev(args: string[], env: Record<string, string>, timeoutMs = 90_000, network = false): Promise<DevChild> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_') && !name.startsWith('KUHIRO_'))) as Record<string, string>;
  const child = spawn(process.execPath, [BIN, 'dev', ...(network ? [] : ['--single', '--port', '0']), ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...base, ...env } });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | string | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`kuhiro dev not ready after ${timeoutMs} ms; stdout:\n${stdout}\nstderr:\n${stderr}`));
    }, timeoutMs);
    child.stdout!.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
      if (READY.test(stdout)) {
        clearTimeout(timer);
        resolve({ child, endpoint: ENDPOINT.exec(stdout)![1]!, stdout: () => stdout, stderr: () => stderr, exited });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`kuhiro dev exited with ${code} before ready; stderr:\n${stderr}`));
    });
  });
}

/** SIGTERM (as Ctrl-C's handler does the same), SIGKILL after 20 s; resolves with the exit code. */
export async function stopDev(dev: DevChild | undefined): Promise<number | string | null | undefined> {
  if (!dev) return undefined;
  if (dev.child.exitCode !== null || dev.child.signalCode !== null) return dev.exited;
  dev.child.kill('SIGTERM');
  const timer = setTimeout(() => dev.child.kill('SIGKILL'), 20_000);
  const code = await dev.exited;
  clearTimeout(timer);
  return code;
}

/** Polls `probe` until it returns a value (not undefined), or fails after `timeoutMs` with the last error. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`${what} not reached within ${timeoutMs} ms${lastError ? `: ${(lastError as Error).message}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
