import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** What `kuhiro node` prints on stdout once it listens (cli/src/commands/node.ts keeps it stable). */
const READY = /^kuhiro node ready at (http:\/\/\S+)$/m;

export interface ChildNode {
  url: string;
  /** What the node wrote to stderr so far (its logs), for failure messages. */
  stderr(): string;
  stop(): Promise<void>;
}

/** The installed `kuhiro` CLI's entry point (the bin next to the package's main module). */
export function kuhiroBin(): string {
  return join(dirname(createRequire(import.meta.url).resolve('kuhiro-cli')), 'bin.js');
}

/** Starts `kuhiro node ARGS` and resolves once it prints its ready line. */
export function startChildNode(args: string[], timeoutMs: number): Promise<ChildNode> {
  const child = spawn(process.execPath, [kuhiroBin(), 'node', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  // A test run that dies without stopping its nodes must not leave them running.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | string | null>((resolve) =>
    child.on('exit', (code, signal) => {
      process.off('exit', killOnExit);
      resolve(code ?? signal);
    }),
  );
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const stop = () => stopChild(child, exited);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`kuhiro node was not ready after ${timeoutMs} ms; its stderr:\n${stderr}`));
    }, timeoutMs);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const match = READY.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1]!, stderr: () => stderr, stop });
      }
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`kuhiro node exited with ${code} before it was ready; its stderr:\n${stderr}`));
    });
  });
}

async function stopChild(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(force);
}
