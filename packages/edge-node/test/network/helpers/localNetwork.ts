import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { NetworkConfig, PopConfig } from '@kuhiro/replication';

export { freePorts } from '@kuhiro/replication';

const POP_MAIN = join(dirname(fileURLToPath(import.meta.url)), 'popMain.js');

export interface PopProcess {
  name: string;
  url: string;
  child: ChildProcess;
  stderr(): string;
  exited: Promise<unknown>;
}

export interface PopSpec {
  name: string;
  port: number;
  dataDir: string;
  networkFile: string;
  /** Accounts mode (a credentials file); development mode without it. */
  credentialsFile?: string;
  /** Replication journal retention (node config `replicationJournal`): small to force state transfers. */
  replicationJournal?: { retainBytes?: number; segmentBytes?: number };
}

export function startPop(spec: PopSpec, timeoutMs = 60_000): Promise<PopProcess> {
  const config = {
    port: spec.port, dataDir: spec.dataDir, nodeName: spec.name, networkFile: spec.networkFile, logLevel: 'warn', fsync: 'batch',
    ...(spec.credentialsFile ? { credentialsFile: spec.credentialsFile } : {}),
    ...(spec.replicationJournal ? { replicationJournal: spec.replicationJournal } : {}),
  };
  const child = spawn(process.execPath, [POP_MAIN, JSON.stringify(config)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${spec.name} not ready after ${timeoutMs} ms:\n${stderr}`));
    }, timeoutMs);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const match = /pop ready at (\S+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve({ name: spec.name, url: match[1]!, child, stderr: () => stderr, exited });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${spec.name} exited with ${String(code)} before ready:\n${stderr}`));
    });
  });
}

/** SIGTERM (clean stop), SIGKILL after 10 s. */
/** A networked suite's teardown: its SDK clients closed, every PoP stopped (stopPop), its data dir removed. */
export async function stopNetwork(network: {
  clients: Iterable<{ destroy(): void }>;
  pops: Iterable<PopProcess | undefined>;
  temp: { remove(): Promise<void> } | undefined;
}): Promise<void> {
  for (const client of network.clients) client.destroy();
  await Promise.all([...network.pops].map((pop) => stopPop(pop)));
  await network.temp?.remove();
}

export async function stopPop(pop: PopProcess | undefined): Promise<void> {
  if (!pop || pop.child.exitCode !== null || pop.child.signalCode !== null) return;
  pop.child.kill('SIGTERM');
  const timer = setTimeout(() => pop.child.kill('SIGKILL'), 10_000);
  await pop.exited;
  clearTimeout(timer);
}

export async function killPop(pop: PopProcess): Promise<void> {
  pop.child.kill('SIGKILL');
  await pop.exited;
}

export async function writeNetworkConfig(file: string, networkId: string, secret: string, pops: PopConfig[]): Promise<void> {
  const config: NetworkConfig = { networkId, secret, pops };
  await writeFile(file, JSON.stringify(config, null, 2));
}

export function dynamoClient(url: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDNETWORKTEST', secretAccessKey: 'secret' },
    maxAttempts: 1,
  });
}

export async function networkView(url: string): Promise<{ vector: Record<string, number>; peers: Array<{ name: string; connected: boolean }>; tables: Record<string, string[]> }> {
  const response = await fetch(`${url}/_kuhiro/network`);
  if (!response.ok) throw new Error(`GET /_kuhiro/network: ${response.status}`);
  return (await response.json()) as never;
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Every node's vector equal, and equal to every other node's: nothing in flight. */
export async function quiescent(urls: string[]): Promise<boolean> {
  const views = await Promise.all(urls.map((url) => networkView(url)));
  const first = JSON.stringify(sorted(views[0]!.vector));
  return views.every((view) => JSON.stringify(sorted(view.vector)) === first);
}

function sorted(vector: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(vector).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** JSON with object keys sorted at every level: attribute order carries no meaning in DynamoDB. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record).sort().map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
