import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './shopPaths.js';

const READY_LINE = /kuhiro node ready at (http:\/\/\S+)/;

export interface ShopNode {
  endpoint: string;
  stop(): Promise<void>;
}

/** Starts `kuhiro node --port 0` on a fresh data dir; resolves with its URL once it prints the ready line. */
export async function startShopNode(): Promise<ShopNode> {
  const dataDir = await mkdtemp(join(tmpdir(), 'kuhiro-shop-'));
  const child = spawn(process.execPath, [join(REPO_ROOT, 'cli/dist/src/bin.js'), 'node', '--port', '0', '--data', dataDir, '--log-level', 'warn'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const stop = async (): Promise<void> => {
    await stopChild(child);
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const endpoint = await new Promise<string>((resolve, reject) => {
      let stdout = '';
      const timer = setTimeout(() => reject(new Error(`node not ready after 20 s; stderr:\n${stderr}`)), 20_000);
      child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        const match = READY_LINE.exec(stdout);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`node exited with ${code} before it was ready; stderr:\n${stderr}`));
      });
    });
    return { endpoint, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
