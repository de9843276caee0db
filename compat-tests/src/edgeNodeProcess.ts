import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The CLI every test and benchmark starts, resolved from this file so the cwd does not matter. */
export const CLI_BIN = join(dirname(fileURLToPath(import.meta.url)), '../../../cli/dist/src/bin.js');

/** The node prints exactly this line once it listens (cli `node` command contract). */
const READY_LINE = /^kuhiro node ready at (http:\/\/\S+)\s*$/m;

export interface EdgeNodeProcessOptions {
  credentialsFile?: string;
  region?: string;
  /** Extra CLI flags, e.g. ['--fsync', 'always']. */
  extraArgs?: string[];
  readyTimeoutMs?: number;
}

export interface EdgeNodeProcess {
  endpoint: string;
  pid: number;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * Spawns `kuhiro node --port 0` on a fresh temp data dir and resolves once the ready line is on
 * stdout. On timeout or early exit the error carries the child's stderr, which is where the
 * node says why it did not start.
 */
export async function startEdgeNodeProcess(options: EdgeNodeProcessOptions = {}): Promise<EdgeNodeProcess> {
  const dataDir = await mkdtemp(join(tmpdir(), 'kuhiro-node-'));
  const args = [CLI_BIN, 'node', '--port', '0', '--data', dataDir];
  if (options.credentialsFile) args.push('--credentials', options.credentialsFile);
  if (options.region) args.push('--region', options.region);
  if (options.extraArgs) args.push(...options.extraArgs);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-8000);
  });
  const stop = async (): Promise<void> => {
    await killChild(child);
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const endpoint = await new Promise<string>((resolve, reject) => {
      const timeoutMs = options.readyTimeoutMs ?? 30_000;
      const timer = setTimeout(
        () => reject(new Error(`kuhiro node not ready after ${timeoutMs} ms; stderr:\n${stderr}`)),
        timeoutMs,
      );
      child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        const match = READY_LINE.exec(stdout);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`kuhiro node exited (code ${code}, signal ${signal}) before ready; stderr:\n${stderr}`));
      });
    });
    return { endpoint, pid: child.pid!, dataDir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** SIGTERM lets the node flush; SIGKILL after 5 s so a hung node never hangs the suite. */
async function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
