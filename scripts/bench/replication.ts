import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { startTcpProxy, type TcpProxy } from '@kuhiro/replication';
import { runBoundedCounterPhase } from './support/boundedCounterPhase.js';
import { progress } from './support/progress.js';

/**
 * Replication between PoPs, each a `kuhiro node` child process, every replication link
 * through a TCP proxy adding 40 ms one way (a continent apart): cross-PoP visibility
 * latency, writes/s of one PoP replicating to 3 vs. a lone node, and frames/bytes per
 * 10,000 writes to one hot item, and a bounded counter sold out by buyers at every edge
 * (support/boundedCounterPhase.ts). Prints one JSON line last.
 */

const BIN = join(dirname(fileURLToPath(import.meta.url)), '../../../cli/dist/src/bin.js');
const ONE_WAY_MS = 40;
const NAMES = ['central', 'edge-1', 'edge-2', 'edge-3'];
const SECRET = 'bench-secret-0123456789abcdef';
const THROUGHPUT_SECONDS = 4;
const CONCURRENCY = 16;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function startKuhiroNode(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, 'node', '--log-level', 'error', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const match = /ready at (\S+)/.exec(out);
      if (match) resolve({ child, url: match[1]! });
    });
    child.once('exit', (code) => reject(new Error(`kuhiro node exited with ${code}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const gone = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await gone;
}

function client(url: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'x' } });
}

async function createTable(c: DynamoDBClient): Promise<void> {
  await c.send(new CreateTableCommand({ TableName: 'bench', AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' }));
}

async function writesPerSecond(c: DynamoDBClient): Promise<number> {
  let done = 0;
  const deadline = Date.now() + THROUGHPUT_SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, worker) => {
      for (let i = 0; Date.now() < deadline; i++) {
        await c.send(new PutItemCommand({ TableName: 'bench', Item: { pk: { S: `w${worker}-${i % 500}` }, v: { N: String(i) } } }));
        done++;
      }
    }),
  );
  return Math.round(done / THROUGHPUT_SECONDS);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** RECORDS frames only (not pings or acks) and all bytes, summed over the PoP's peers. */
async function sentTotals(url: string): Promise<{ frames: number; bytes: number }> {
  const view = (await (await fetch(`${url}/_kuhiro/network`)).json()) as { peers: Array<{ recordsFramesSent: number; bytesSent: number }> };
  return view.peers.reduce((sum, peer) => ({ frames: sum.frames + peer.recordsFramesSent, bytes: sum.bytes + peer.bytesSent }), { frames: 0, bytes: 0 });
}

/** Sequential PutItem round trips: what a client waits for an acknowledged write. */
async function ackLatencies(c: DynamoDBClient, count: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await c.send(new PutItemCommand({ TableName: 'bench', Item: { pk: { S: `ack-${i}` }, v: { N: String(i) } } }));
    samples.push(performance.now() - started);
  }
  return samples;
}

async function quiescent(urls: string[]): Promise<void> {
  for (;;) {
    const vectors = await Promise.all(urls.map(async (url) => JSON.stringify(Object.entries(((await (await fetch(`${url}/_kuhiro/network`)).json()) as { vector: Record<string, number> }).vector).sort())));
    if (vectors.every((v) => v === vectors[0])) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function run(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'kuhiro-bench-repl-'));
  const children: ChildProcess[] = [];
  const proxies: TcpProxy[] = [];
  try {
    // Lone node first.
    progress('lone node throughput');
    const lone = await startKuhiroNode(['--port', '0', '--data', join(dir, 'lone'), '--name', 'lone']);
    children.push(lone.child);
    const loneClient = client(lone.url);
    await createTable(loneClient);
    await ackLatencies(loneClient, 50); // warm-up
    const loneAck = await ackLatencies(loneClient, 300);
    const loneWps = await writesPerSecond(loneClient);
    loneClient.destroy();
    await stop(lone.child);

    progress('network of central + 3 edges, 40 ms one way between PoPs');
    const ports = new Map<string, number>();
    for (const name of NAMES) ports.set(name, await freePort());
    for (const self of NAMES) {
      const pops = [];
      for (const name of NAMES) {
        // Every link gets a delaying proxy; the dialer's config points at it.
        const proxy = name === self ? undefined : await startTcpProxy({ targetPort: ports.get(name)!, delayMs: ONE_WAY_MS });
        if (proxy) proxies.push(proxy);
        pops.push({ name, url: `http://127.0.0.1:${proxy ? proxy.port : ports.get(name)}`, role: name === 'central' ? 'central' : 'edge' });
      }
      await writeFile(join(dir, `${self}.json`), JSON.stringify({ networkId: 'bench', secret: SECRET, pops }));
    }
    const nodes = await Promise.all(
      NAMES.map((name) => startKuhiroNode(['--port', String(ports.get(name)), '--data', join(dir, name), '--name', name, '--network', join(dir, `${name}.json`)])),
    );
    children.push(...nodes.map((node) => node.child));
    const urls = nodes.map((node) => node.url);
    const [, writer, reader] = urls.map(client);
    await createTable(writer!);
    await quiescent(urls);

    progress('acknowledgement latency on a replicating PoP');
    await ackLatencies(writer!, 50);
    const networkedAck = await ackLatencies(writer!, 300);

    progress('cross-PoP visibility');
    const visibility: number[] = [];
    for (let i = 0; i < 60; i++) {
      const started = performance.now();
      await writer!.send(new PutItemCommand({ TableName: 'bench', Item: { pk: { S: `vis-${i}` } } }));
      for (;;) {
        const got = await reader!.send(new GetItemCommand({ TableName: 'bench', Key: { pk: { S: `vis-${i}` } } }));
        if (got.Item) break;
        await new Promise((r) => setTimeout(r, 2));
      }
      visibility.push(performance.now() - started);
    }

    progress('throughput of one PoP replicating to 3');
    const networkedWps = await writesPerSecond(writer!);
    await quiescent(urls);

    progress('10,000 writes to one hot item');
    const before = await sentTotals(urls[1]!);
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async (_, worker) => {
        for (let i = worker; i < 10_000; i += CONCURRENCY) {
          await writer!.send(new UpdateItemCommand({ TableName: 'bench', Key: { pk: { S: 'hot' } }, UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': { N: '1' } } }));
        }
      }),
    );
    await quiescent(urls);
    const after = await sentTotals(urls[1]!);
    const frames = after.frames - before.frames;
    const bytes = after.bytes - before.bytes;
    const counters = await Promise.all(urls.map(async (url) => {
      const c = client(url);
      const item = await c.send(new GetItemCommand({ TableName: 'bench', Key: { pk: { S: 'hot' } } }));
      c.destroy();
      return Number(item.Item?.n?.N);
    }));
    for (const c of [writer!, reader!]) c.destroy();

    progress('bounded counter: 8 buyers at each edge until sold out');
    const bounded = await runBoundedCounterPhase({ centralUrl: urls[0]!, edgeUrls: urls.slice(1), centralDataDir: join(dir, 'central'), quiescent });

    const p50 = percentile(visibility, 50);
    const p99 = percentile(visibility, 99);
    const ratio = networkedWps / loneWps;
    const result = {
      benchmark: 'replication',
      oneWayDelayMs: ONE_WAY_MS,
      visibilityMs: { p50: Math.round(p50), p99: Math.round(p99) },
      putAckMs: { loneP50: Number(percentile(loneAck, 50).toFixed(2)), replicatingP50: Number(percentile(networkedAck, 50).toFixed(2)), loneP99: Number(percentile(loneAck, 99).toFixed(2)), replicatingP99: Number(percentile(networkedAck, 99).toFixed(2)) },
      writesPerSecond: { lone: loneWps, replicatingTo3: networkedWps, ratio: Number(ratio.toFixed(2)) },
      hotItem10k: { framesSentToPeers: frames, bytesSentToPeers: bytes, counterAtEveryPop: counters },
      boundedCounter: bounded.result,
      goals: [
        // The goals: visibility p99 under the one-way delay + 25 ms, a 10,000-write spike
        // on one item in under 50 frames per peer, local throughput replicating >= 0.8 of lone.
        { name: `cross-PoP visibility p99 (${ONE_WAY_MS} ms one way)`, target: `< ${ONE_WAY_MS + 25} ms`, measured: `${Math.round(p99)} ms (p50 ${Math.round(p50)} ms)`, met: p99 < ONE_WAY_MS + 25 },
        { name: 'writes/s replicating to 3 vs lone node', target: '>= 0.8', measured: ratio.toFixed(2), met: ratio >= 0.8 },
        { name: 'added ack latency of journal durability (p50)', target: '< 2 ms', measured: `${(percentile(networkedAck, 50) - percentile(loneAck, 50)).toFixed(2)} ms`, met: percentile(networkedAck, 50) - percentile(loneAck, 50) < 2 },
        { name: 'RECORDS frames per peer for 10,000 writes to one hot item', target: '< 50', measured: `${Math.round(frames / 3)} (${frames} to 3 peers)`, met: frames / 3 < 50 },
        { name: 'hot counter identical everywhere', target: '10000', measured: counters.join(','), met: counters.every((n) => n === 10_000) },
        ...bounded.goals,
      ],
    };
    process.stdout.write(JSON.stringify(result) + '\n');
  } finally {
    await Promise.all(children.map(stop));
    await Promise.all(proxies.map((proxy) => proxy.close()));
    await rm(dir, { recursive: true, force: true });
  }
}
