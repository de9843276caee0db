import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand, type Tag } from '@aws-sdk/client-dynamodb';
import { freePortBlock } from '../src/start/freePorts.js';
import { progress } from './support/progress.js';

/**
 * The cost of a SPOT write (kuhiro:consistency = central) at an edge PoP, on loopback with no
 * added delay: `kuhiro up --edges 1` (central + one edge, real processes), one client sending
 * conditional PutItems one after another (a registration), against the same write to an
 * ordinary table at the edge and directly at central. A SPOT write should cost about the local
 * write plus one round trip to central plus central's write. Prints one JSON line last.
 * `--writes N` (default 300) per kind.
 */

const BIN = join(dirname(fileURLToPath(import.meta.url)), '../../../cli/dist/src/bin.js');

function writeCount(): number {
  const at = process.argv.indexOf('--writes');
  const value = at >= 0 ? Number(process.argv[at + 1]) : 300;
  if (!Number.isInteger(value) || value < 10) throw new Error('--writes needs a whole number of at least 10');
  return value;
}

interface Network {
  child: ChildProcess;
  central: string;
  edge: string;
}

function startNetwork(dataDir: string, port: number): Promise<Network> {
  const child = spawn(process.execPath, [BIN, 'up', '--json', '--edges', '1', '--port', String(port), '--data', dataDir], { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const line = out.split('\n').find((l) => l.trim().startsWith('{') && l.includes('"edges"'));
      if (line) {
        const up = JSON.parse(line) as { central: string; edges: { url: string }[] };
        resolve({ child, central: up.central, edge: up.edges[0]!.url });
      }
    });
    child.once('exit', (code) => reject(new Error(`kuhiro up exited with ${code}`)));
  });
}

async function stopNetwork(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid!, 'SIGTERM');
  await gone;
}

function client(url: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'x' }, maxAttempts: 1 });
}

async function createTable(c: DynamoDBClient, name: string, tags: Tag[]): Promise<void> {
  await c.send(new CreateTableCommand({
    TableName: name, BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'username', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'username', KeyType: 'HASH' }],
    ...(tags.length ? { Tags: tags } : {}),
  }));
}

async function waitForTable(c: DynamoDBClient, name: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await c.send(new DescribeTableCommand({ TableName: name }));
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

interface Latency {
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  meanMs: number;
}

/** Sequential conditional PutItems (a username claim each); latency of each, client-side. */
async function claims(c: DynamoDBClient, table: string, prefix: string, count: number): Promise<Latency> {
  const ms: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await c.send(new PutItemCommand({
      TableName: table, Item: { username: { S: `${prefix}-${i}` }, passwordHash: { S: 'scrypt$'.padEnd(90, 'x') } },
      ConditionExpression: 'attribute_not_exists(username)',
    }));
    ms.push(performance.now() - started);
  }
  return summarize(ms);
}

/** A claim followed at once by a read of the claimed name (read-your-writes), timed together. */
async function claimThenRead(c: DynamoDBClient, table: string, prefix: string, count: number): Promise<Latency> {
  const ms: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const username = { S: `${prefix}-${i}` };
    await c.send(new PutItemCommand({ TableName: table, Item: { username, passwordHash: { S: 'scrypt$'.padEnd(90, 'x') } }, ConditionExpression: 'attribute_not_exists(username)' }));
    const read = await c.send(new GetItemCommand({ TableName: table, Key: { username } }));
    if (!read.Item) throw new Error(`read-your-writes broken: ${prefix}-${i} not readable right after its write`);
    ms.push(performance.now() - started);
  }
  return summarize(ms);
}

async function reads(c: DynamoDBClient, table: string, count: number): Promise<Latency> {
  const ms: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await c.send(new GetItemCommand({ TableName: table, Key: { username: { S: `warm-${i % 10}` } } }));
    ms.push(performance.now() - started);
  }
  return summarize(ms);
}

function summarize(ms: number[]): Latency {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (p: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!);
  return { p50Ms: at(0.5), p90Ms: at(0.9), p99Ms: at(0.99), meanMs: round(ms.reduce((a, b) => a + b, 0) / ms.length) };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

export async function run(): Promise<void> {
  const writes = writeCount();
  const dataDir = await mkdtemp(join(tmpdir(), 'kuhiro-bench-spot-'));
  let network: Network | undefined;
  try {
    network = await startNetwork(dataDir, await freePortBlock(2));
    const edge = client(network.edge);
    const central = client(network.central);
    await createTable(edge, 'users', [{ Key: 'kuhiro:consistency', Value: 'central' }]);
    await createTable(edge, 'carts', []);
    await Promise.all([waitForTable(central, 'users'), waitForTable(central, 'carts')]);
    progress('warming up');
    await claims(edge, 'users', 'warm', 20);
    await claims(edge, 'carts', 'warm', 20);
    await claims(central, 'users', 'warm-central', 20);
    progress(`${writes} sequential conditional PutItems of each kind`);
    const readAtCentral = await reads(central, 'carts', writes);
    const localAtEdge = await claims(edge, 'carts', 'local', writes);
    const spotAtCentral = await claims(central, 'users', 'central', writes);
    const spotAtEdge = await claims(edge, 'users', 'spot', writes);
    const spotThenReadAtEdge = await claimThenRead(edge, 'users', 'spot-read', writes);
    edge.destroy();
    central.destroy();
    // What a SPOT write at an edge should cost: the write at central plus one more loopback hop.
    const expected = spotAtCentral.p50Ms + readAtCentral.p50Ms;
    const result = {
      benchmark: 'spot',
      note: 'loopback, no added delay; measured on a shared, loaded 2-core machine (central, edge and client share it)',
      writesPerKind: writes,
      getItemAtCentral: readAtCentral,
      localConditionalPutAtEdge: localAtEdge,
      spotConditionalPutAtCentral: spotAtCentral,
      spotConditionalPutAtEdge: spotAtEdge,
      spotPutThenGetItemAtEdge: spotThenReadAtEdge,
      spotExtraOverLocalP50Ms: round(spotAtEdge.p50Ms - localAtEdge.p50Ms),
      goals: [
        {
          name: 'a SPOT write at an edge costs about one round trip to central plus central\'s write (p50, within 2x of that)',
          target: `<= ${round(2 * expected)} ms`,
          measured: `${spotAtEdge.p50Ms} ms`,
          met: spotAtEdge.p50Ms <= 2 * expected,
        },
      ],
    };
    process.stdout.write(JSON.stringify(result) + '\n');
  } finally {
    await stopNetwork(network?.child);
    await rm(dataDir, { recursive: true, force: true });
  }
}
