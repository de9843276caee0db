import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { UsageError } from '../usageError.js';
import { memorySizeList } from './node.js';

/** The pid file `kuhiro up --detach` writes and `kuhiro down` reads. */
export const PID_FILE = 'kuhiro.pids.json';
export const NETWORK_FILE = 'kuhiro.network.json';
const BIN = fileURLToPath(new URL('../bin.js', import.meta.url));
const READY_TIMEOUT_MS = 30_000;

interface Pop {
  name: string;
  url: string;
  role: 'edge' | 'central';
  group?: string;
}

interface NetworkFile {
  networkId: string;
  secret: string;
  pops: Pop[];
}

interface UpFlags {
  edges: number;
  port: number;
  data: string;
  config?: string;
  json?: boolean;
  detach?: boolean;
  lambdaSpares?: number[];
}

function positiveInt(max: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) throw new InvalidArgumentError(`must be a whole number from 1 to ${max}.`);
    return Number(value);
  };
}

/** A network of `edges` edge PoPs and one central on loopback: central on `basePort`, edges after it. */
export function generateNetwork(edges: number, basePort: number): NetworkFile {
  if (basePort + edges > 65535) throw new UsageError(`--port ${basePort} leaves no room for ${edges} edges below 65536`);
  const pops: Pop[] = [{ name: 'central', url: `http://127.0.0.1:${basePort}`, role: 'central' }];
  for (let i = 1; i <= edges; i++) pops.push({ name: `edge-${i}`, url: `http://127.0.0.1:${basePort + i}`, role: 'edge' });
  return { networkId: `kuhiro-${randomBytes(4).toString('hex')}`, secret: randomBytes(24).toString('base64url'), pops };
}

function portOf(pop: Pop): number {
  const url = new URL(pop.url);
  if (url.port === '') throw new UsageError(`PoP ${pop.name}: its url ${pop.url} names no port; kuhiro up starts PoPs on the port of their url`);
  return Number(url.port);
}

async function fetchJson(url: string): Promise<Record<string, unknown> | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return response.ok ? ((await response.json()) as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Every PoP answers and has every link to another PoP up. */
async function waitUntilConnected(pops: Pop[], alive: () => boolean): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    const views = await Promise.all(pops.map((pop) => fetchJson(`${pop.url}/_kuhiro/network`)));
    const ready = views.every((view) => view && (view.peers as Array<{ connected: boolean }>).every((peer) => peer.connected));
    if (ready) return;
    if (!alive()) throw new Error('a PoP exited while the network was starting (see its log above)');
    if (Date.now() > deadline) throw new Error(`the network was not connected after ${READY_TIMEOUT_MS / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function startPopProcess(pop: Pop, dataDir: string, networkFile: string, detach: boolean, nodeFlags: string[]): ChildProcess {
  const args = [BIN, 'node', '--port', String(portOf(pop)), '--data', join(dataDir, pop.name), '--name', pop.name, '--network', networkFile, ...nodeFlags];
  // Own process group: a terminal's Ctrl-C reaches only `kuhiro up`, which stops each PoP with one
  // SIGTERM (a PoP that got both the terminal's SIGINT and our SIGTERM would skip its clean stop).
  if (!detach) return spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'], detached: true });
  mkdirSync(join(dataDir, 'logs'), { recursive: true });
  const log = openSync(join(dataDir, 'logs', `${pop.name}.log`), 'a');
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', log], detached: true });
  child.unref();
  return child;
}

function describeNetwork(pops: Pop[]): { central: string; edges: Array<{ name: string; url: string }>; status: string } {
  const central = pops.find((pop) => pop.role === 'central')!;
  return {
    central: central.url,
    edges: pops.filter((pop) => pop.role === 'edge').map(({ name, url }) => ({ name, url })),
    status: `${central.url}/_kuhiro/`,
  };
}

function printNetwork(summary: ReturnType<typeof describeNetwork>, json: boolean): void {
  if (json) {
    process.stdout.write(JSON.stringify(summary) + '\n');
    return;
  }
  const rows = [['central', summary.central], ...summary.edges.map((edge) => [edge.name, edge.url])];
  const width = Math.max(...rows.map(([name]) => name!.length));
  process.stdout.write(`kuhiro network up\n${rows.map(([name, url]) => `  ${name!.padEnd(width)}  ${url}`).join('\n')}\n  status page: ${summary.status}\n`);
}

/** `kuhiro up`: a whole edge network on this machine, one `kuhiro node` process per PoP. */
export function upCommand(): Command {
  return new Command('up')
    .description('Start an edge network on this machine: one central and N edge PoPs, each a `kuhiro node` process.')
    .option('--edges <n>', 'edge PoPs (without --config)', positiveInt(64), 3)
    .option('--port <port>', 'central\'s port; edges take the next ones (without --config)', positiveInt(65535), 4566)
    .option('--data <dir>', 'data directory (one folder per PoP)', '.kuhiro')
    .option('--config <file>', 'an existing kuhiro.network.json (PoPs listen on the ports of their urls)')
    .option('--json', 'print the endpoints as one JSON line')
    .option('--detach', 'leave the PoPs running in the background (stop them with `kuhiro down`)')
    .option('--lambda-spares <sizes>', 'passed to every PoP\'s `kuhiro node`: memory sizes (MB, comma-separated) that keep a pre-started worker; "none" keeps none (default 128)', memorySizeList)
    .action(async (flags: UpFlags) => {
      const dataDir = resolve(flags.data);
      mkdirSync(dataDir, { recursive: true });
      let networkFile: string;
      let network: NetworkFile;
      if (flags.config) {
        networkFile = resolve(flags.config);
        network = JSON.parse(readFileSync(networkFile, 'utf8')) as NetworkFile;
      } else {
        network = generateNetwork(flags.edges, flags.port);
        networkFile = join(dataDir, NETWORK_FILE);
        writeFileSync(networkFile, JSON.stringify(network, null, 2), { mode: 0o600 });
      }
      const nodeFlags = flags.lambdaSpares === undefined ? [] : ['--lambda-spares', flags.lambdaSpares.length === 0 ? 'none' : flags.lambdaSpares.join(',')];
      const children = network.pops.map((pop) => ({ pop, child: startPopProcess(pop, dataDir, networkFile, flags.detach ?? false, nodeFlags) }));
      const exited = new Set<string>();
      for (const { pop, child } of children) child.on('exit', () => exited.add(pop.name));
      const stopAll = async () => {
        for (const { child } of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        await Promise.all(
          children.map(({ child }) =>
            child.exitCode !== null || child.signalCode !== null ? undefined : new Promise((r) => child.once('exit', r)),
          ),
        );
      };
      // Signal handlers go in before anything is printed: a caller that reads the endpoints line
      // may send SIGTERM at once, and a loaded machine can deschedule us between the write and a
      // later process.on (CI saw `up` die of that SIGTERM with its PoPs left running). Ctrl-C during
      // startup stops the PoPs already started, too.
      let stopping = false;
      const onSignal = () => {
        if (stopping) return;
        stopping = true;
        stopAll().then(() => process.exit(0), () => process.exit(1));
      };
      if (!flags.detach) {
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
      }
      try {
        await waitUntilConnected(network.pops, () => exited.size === 0);
      } catch (error) {
        await stopAll();
        throw error;
      }
      printNetwork(describeNetwork(network.pops), flags.json ?? false);
      if (flags.detach) {
        const pids = children.map(({ pop, child }) => ({ name: pop.name, pid: child.pid }));
        writeFileSync(join(dataDir, PID_FILE), JSON.stringify({ networkFile, pids }, null, 2));
        return;
      }
      for (const { pop, child } of children) {
        child.on('exit', (code, signal) => {
          if (!stopping) process.stderr.write(`kuhiro up: PoP ${pop.name} exited (${code ?? signal}); the others keep running\n`);
        });
      }
      await new Promise(() => undefined); // in the foreground until a signal
    });
}
