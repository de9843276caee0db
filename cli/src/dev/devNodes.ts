import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateNetwork, NETWORK_FILE } from '../commands/up.js';
import { formatNodeLogLine } from './nodeLogLines.js';

const BIN = fileURLToPath(new URL('../bin.js', import.meta.url));
const READY = /^kuhiro node ready at (http:\/\/\S+)$/m;
const READY_TIMEOUT_MS = 60_000;

export interface DevPop {
  name: string;
  url: string;
  role: 'edge' | 'central';
}

export interface InspectOptions {
  /** Function names (physical), debugged on the primary PoP. */
  functionNames: string[];
  port: number;
}

export interface DevNodesOptions {
  /** `<app>/.kuhiro/dev`. */
  dataDir: string;
  single: boolean;
  /** The single node's port (0: any free one), or central's (edges take the next ones). */
  port: number;
  edges: number;
  inspect?: InspectOptions;
  /** Node log lines worth a developer's eye (function output, warnings). */
  show: (line: string) => void;
  /** Called as soon as the processes exist (before they are ready): a Ctrl-C during startup must stop them too. */
  onSpawned?: (stop: () => Promise<void>) => void;
}

export interface DevNodes {
  pops: DevPop[];
  /** Where apps, the inspector and `kuhiro switch` point: the single node, or the first edge. */
  primary: DevPop;
  /** Set on a network: what `deployToNetwork` reads. */
  networkFile?: string;
  /** The node processes' pids (the reload benchmark reads the primary's RSS). */
  pids: Map<string, number>;
  /** Called with the PoP's name when a node exits on its own. */
  onUnexpectedExit(listener: (name: string, how: string) => void): void;
  stop(): Promise<void>;
}

interface NetworkFile {
  pops: DevPop[];
}

/** The network of an earlier `kuhiro dev` when it has the wanted shape (its data belongs to it), else a new one. */
function networkFor(dataDir: string, edges: number, port: number): string {
  const file = join(dataDir, NETWORK_FILE);
  if (existsSync(file)) {
    const existing = JSON.parse(readFileSync(file, 'utf8')) as NetworkFile;
    const central = existing.pops.find((pop) => pop.role === 'central');
    if (central && new URL(central.url).port === String(port) && existing.pops.length === edges + 1) return file;
  }
  writeFileSync(file, JSON.stringify(generateNetwork(edges, port), null, 2), { mode: 0o600 });
  return file;
}

interface Started {
  name: string;
  child: ChildProcess;
  url: Promise<string>;
}

function startNodeProcess(name: string, args: string[], dataDir: string, show: (line: string) => void): Started {
  mkdirSync(join(dataDir, 'logs'), { recursive: true });
  const log = createWriteStream(join(dataDir, 'logs', `${name}.log`), { flags: 'a' });
  // Own process group: Ctrl-C reaches `kuhiro dev` only, which stops each node with one SIGTERM.
  const child = spawn(process.execPath, [BIN, 'node', ...args], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let pending = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    log.write(chunk);
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      const shown = formatNodeLogLine(line, name);
      if (shown !== undefined) show(shown);
    }
  });
  child.once('exit', () => log.end());
  let stdout = '';
  const url = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`node ${name} was not ready after ${READY_TIMEOUT_MS / 1000} s (log: ${join(dataDir, 'logs', `${name}.log`)})`)), READY_TIMEOUT_MS);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const match = READY.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`node ${name} exited (${code ?? signal}) before it was ready (log: ${join(dataDir, 'logs', `${name}.log`)})`));
    });
  });
  url.catch(() => undefined);
  return { name, child, url };
}

function inspectArgs(inspect: InspectOptions | undefined): string[] {
  if (!inspect || inspect.functionNames.length === 0) return [];
  return [...inspect.functionNames.flatMap((name) => ['--inspect-function', name]), '--inspect-port', String(inspect.port)];
}

async function stopProcesses(started: Started[]): Promise<void> {
  const running = started.filter(({ child }) => child.exitCode === null && child.signalCode === null);
  await Promise.all(
    running.map(
      ({ child }) =>
        new Promise<void>((resolve) => {
          const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
          child.once('exit', () => {
            clearTimeout(force);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
}

/** Starts the dev network (or one node) as `kuhiro node` child processes; the data stays in `dataDir` across runs. */
export async function startDevNodes(options: DevNodesOptions): Promise<DevNodes> {
  mkdirSync(options.dataDir, { recursive: true });
  const started: Started[] = [];
  let networkFile: string | undefined;
  let roles: DevPop[];
  if (options.single) {
    started.push(startNodeProcess('node', ['--port', String(options.port), '--data', join(options.dataDir, 'node'), '--name', 'dev', ...inspectArgs(options.inspect)], options.dataDir, options.show));
    roles = [{ name: 'node', url: '', role: 'edge' }];
  } else {
    networkFile = networkFor(options.dataDir, options.edges, options.port);
    roles = (JSON.parse(readFileSync(networkFile, 'utf8')) as NetworkFile).pops;
    const primaryName = (roles.find((pop) => pop.role === 'edge') ?? roles[0]!).name;
    for (const pop of roles) {
      const args = ['--port', new URL(pop.url).port, '--data', join(options.dataDir, pop.name), '--name', pop.name, '--network', networkFile];
      started.push(startNodeProcess(pop.name, [...args, ...(pop.name === primaryName ? inspectArgs(options.inspect) : [])], options.dataDir, options.show));
    }
  }
  let stopping = false;
  const exitListeners: Array<(name: string, how: string) => void> = [];
  for (const { name, child } of started) {
    child.once('exit', (code, signal) => {
      if (!stopping) for (const listener of exitListeners) listener(name, String(code ?? signal));
    });
  }
  const stop = async (): Promise<void> => {
    stopping = true;
    await stopProcesses(started);
  };
  options.onSpawned?.(stop);
  try {
    const urls = await Promise.all(started.map(({ url }) => url));
    const pops = roles.map((pop, i) => ({ ...pop, url: urls[i]! }));
    return {
      pops,
      primary: pops.find((pop) => pop.role === 'edge') ?? pops[0]!,
      ...(networkFile ? { networkFile } : {}),
      pids: new Map(started.map(({ name, child }) => [name, child.pid!])),
      onUnexpectedExit: (listener) => exitListeners.push(listener),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
