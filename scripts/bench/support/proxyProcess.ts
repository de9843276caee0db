import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MAIN = join(dirname(fileURLToPath(import.meta.url)), 'proxyMain.js');
const READY_TIMEOUT_MS = 30_000;

export interface DelayProxies {
  /** Listening port of the proxy to each target port, in the order given. */
  readonly ports: number[];
  close(): Promise<void>;
}

/**
 * Delaying TCP proxies (`startTcpProxy` of @kuhiro/replication: `delayMs` each way, order kept)
 * in a child process of their own, so the delay they add is the configured one and not the
 * configured one plus the bench process's event-loop lag (its SDK clients sign every request).
 */
export function startDelayProxies(targetPorts: number[], delayMs: number): Promise<DelayProxies> {
  const child = spawn(process.execPath, [MAIN, JSON.stringify({ delayMs, targetPorts })], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const close = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      void close();
      reject(new Error(`delay proxies not ready after ${READY_TIMEOUT_MS} ms`));
    }, READY_TIMEOUT_MS);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const end = out.indexOf('\n');
      if (end < 0) return;
      clearTimeout(timer);
      resolve({ ports: (JSON.parse(out.slice(0, end)) as { ports: number[] }).ports, close });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`delay proxy process exited with ${code}`));
    });
  });
}
