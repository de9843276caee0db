import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { runBoundedCounterPhase } from './support/boundedCounterPhase.js';
import { processTreeCpuMs } from './support/processTreeCpu.js';
import { progress } from './support/progress.js';
import { startDelayProxies, type DelayProxies } from './support/proxyProcess.js';

/**
 * Replication between PoPs, each a `kuhiro node` child process, every replication link
 * through a TCP proxy adding 40 ms one way (a continent apart): cross-PoP visibility
 * latency, writes/s of one PoP replicating to 3 vs. a lone node (measured in alternating
 * rounds, so a machine whose load drifts does not favour either), and frames/bytes per
 * 10,000 writes to one hot item, and a bounded counter sold out by buyers at every edge
 * (support/boundedCounterPhase.ts). Prints one JSON line last.
 *
 * The delay proxies run in a child process of their own (support/proxyProcess.ts): in this
 * process, whose SDK clients sign every request and poll, their timers fired late and added to
 * what was measured. `KUHIRO_BENCH_WRITER_FLAGS` (space-separated node flags, e.g.
 * `--cpu-prof --cpu-prof-dir=/tmp/prof`) is passed to the lone node and the replicating writer,
 * to profile what replication costs the writing PoP.
 */

const BIN = join(dirname(fileURLToPath(import.meta.url)), '../../../cli/dist/src/bin.js');
const ONE_WAY_MS = 40;
const NAMES = ['central', 'edge-1', 'edge-2', 'edge-3'];
const SECRET = 'bench-secret-0123456789abcdef';
/** Lone and replicating throughput alternate in rounds (ABBA), so drifting machine load hits both alike. */
const THROUGHPUT_ROUNDS = 4;
const ROUND_SECONDS = 2;
const CONCURRENCY = 16;
const VISIBILITY_SAMPLES = 100;

/**
 * A free loopback port, held until released: the delay proxies bind port 0 after the ports are
 * chosen, and a port closed at once could be handed to one of them (EADDRINUSE at node start).
 */
function reservePort(): Promise<{ port: number; release(): Promise<void> }> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ port, release: () => new Promise<void>((done) => server.close(() => done())) });
    });
  });
}

const READY_TIMEOUT_MS = 60_000;

const WRITER_FLAGS = (process.env.KUHIRO_BENCH_WRITER_FLAGS ?? '').split(' ').filter((flag) => flag.length > 0);

/** Starts a node, registered in `children` at once so that the caller's cleanup stops it even if it never gets ready. */
function startKuhiroNode(args: string[], children: ChildProcess[], nodeFlags: string[] = []): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [...nodeFlags, BIN, 'node', '--log-level', 'error', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`kuhiro node not ready after ${READY_TIMEOUT_MS} ms: ${args.join(' ')}`)), READY_TIMEOUT_MS);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const match = /ready at (\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1]! });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`kuhiro node exited with ${code}`));
    });
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
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

/** PutItems acknowledged in `seconds` by CONCURRENCY clients writing distinct items. */
async function writesIn(c: DynamoDBClient, seconds: number, round: number): Promise<number> {
  let done = 0;
  const deadline = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, worker) => {
      for (let i = 0; Date.now() < deadline; i++) {
        await c.send(new PutItemCommand({ TableName: 'bench', Item: { pk: { S: `w${worker}-${round}-${i % 500}` }, v: { N: String(i) } } }));
        done++;
      }
    }),
  );
  return done;
}

/**
 * Visibility at another PoP of one write: from the write's start until a GetItem there finds it.
 * Nothing can arrive before the one-way delay, so the reader starts polling a little before it,
 * every millisecond or so: the figure overstates visibility by at most one GetItem round trip
 * plus ~1 ms, without loading the reader while nothing can be there.
 */
async function visibility(writer: DynamoDBClient, reader: DynamoDBClient, key: string): Promise<{ totalMs: number; afterAckMs: number }> {
  const started = performance.now();
  await writer.send(new PutItemCommand({ TableName: 'bench', Item: { pk: { S: key } } }));
  const acked = performance.now();
  const pollFrom = started + ONE_WAY_MS - 10;
  if (performance.now() < pollFrom) await new Promise((r) => setTimeout(r, pollFrom - performance.now()));
  for (;;) {
    const got = await reader.send(new GetItemCommand({ TableName: 'bench', Key: { pk: { S: key } } }));
    if (got.Item) break;
    // A breath between polls: back-to-back polls (each signs a request) load the machine the
    // nodes and the delay proxies share.
    await new Promise((r) => setTimeout(r, 1));
  }
  const seen = performance.now();
  return { totalMs: seen - started, afterAckMs: seen - acked };
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

async function vectorOf(url: string): Promise<Record<string, number>> {
  return ((await (await fetch(`${url}/_kuhiro/network`)).json()) as { vector: Record<string, number> }).vector;
}

/**
 * Until every replica holds everything the writer has: its vector is read once (its writes are all
 * acknowledged, nobody else writes), so the writer, whose CPU is being measured, is not polled.
 */
async function caughtUp(writerUrl: string, replicaUrls: string[]): Promise<void> {
  const target = await vectorOf(writerUrl);
  for (;;) {
    const vectors = await Promise.all(replicaUrls.map(vectorOf));
    if (vectors.every((vector) => Object.entries(target).every(([origin, seq]) => (vector[origin] ?? 0) >= seq))) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function quiescent(urls: string[]): Promise<void> {
  for (;;) {
    const vectors = await Promise.all(urls.map(async (url) => JSON.stringify(Object.entries(await vectorOf(url)).sort())));
    if (vectors.every((v) => v === vectors[0])) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function run(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'kuhiro-bench-repl-'));
  const children: ChildProcess[] = [];
  let proxies: DelayProxies | undefined;
  try {
    // A lone node (no network) for comparison; it idles while the network is measured and back.
    progress('lone node acknowledgement latency');
    const lone = await startKuhiroNode(['--port', '0', '--data', join(dir, 'lone'), '--name', 'lone'], children, WRITER_FLAGS);
    const loneClient = client(lone.url);
    await createTable(loneClient);
    await ackLatencies(loneClient, 50); // warm-up
    const loneAck = await ackLatencies(loneClient, 300);

    progress('network of central + 3 edges, 40 ms one way between PoPs');
    const ports = new Map<string, number>();
    const reservations = await Promise.all(NAMES.map(() => reservePort()));
    NAMES.forEach((name, i) => ports.set(name, reservations[i]!.port));
    // Every link gets a delaying proxy (one per ordered pair); the dialer's config points at it.
    const links = NAMES.flatMap((self) => NAMES.filter((name) => name !== self).map((name) => ({ self, name })));
    proxies = await startDelayProxies(links.map((link) => ports.get(link.name)!), ONE_WAY_MS);
    const proxyPorts = proxies.ports;
    for (const self of NAMES) {
      const pops = NAMES.map((name) => {
        const proxyPort = name === self ? undefined : proxyPorts[links.findIndex((link) => link.self === self && link.name === name)]!;
        return { name, url: `http://127.0.0.1:${proxyPort ?? ports.get(name)}`, role: name === 'central' ? 'central' : 'edge' };
      });
      await writeFile(join(dir, `${self}.json`), JSON.stringify({ networkId: 'bench', secret: SECRET, pops }));
    }
    await Promise.all(reservations.map((reservation) => reservation.release()));
    const nodes = await Promise.all(
      NAMES.map((name) => startKuhiroNode(['--port', String(ports.get(name)), '--data', join(dir, name), '--name', name, '--network', join(dir, `${name}.json`)], children, name === 'edge-1' ? WRITER_FLAGS : [])),
    );
    const urls = nodes.map((node) => node.url);
    const [, writer, reader] = urls.map(client);
    await createTable(writer!);
    await quiescent(urls);

    progress('acknowledgement latency on a replicating PoP');
    await ackLatencies(writer!, 50);
    const networkedAck = await ackLatencies(writer!, 300);

    progress(`cross-PoP visibility (${VISIBILITY_SAMPLES} sequential writes)`);
    const visibilitySamples: Array<{ totalMs: number; afterAckMs: number }> = [];
    for (let i = 0; i < VISIBILITY_SAMPLES; i++) visibilitySamples.push(await visibility(writer!, reader!, `vis-${i}`));
    const visibilityMs = visibilitySamples.map((sample) => sample.totalMs);
    const afterAckMs = visibilitySamples.map((sample) => sample.afterAckMs);
    const writerAckMs = visibilitySamples.map((sample) => sample.totalMs - sample.afterAckMs);

    progress(`throughput: lone node vs one PoP replicating to 3, ${THROUGHPUT_ROUNDS} alternating rounds of ${ROUND_SECONDS} s`);
    // CPU time per write (user + system, from /proc) barely moves with the machine's load, unlike
    // writes/s: it tells what replicating costs the writing PoP itself, and the whole network.
    const cpuOf = async (processes: ChildProcess[]): Promise<number> => (await Promise.all(processes.map((child) => processTreeCpuMs(child.pid!)))).reduce((a, b) => a + b, 0);
    const writerChild = nodes[1]!.child;
    const networkChildren = nodes.map((node) => node.child);
    let loneWrites = 0;
    let networkedWrites = 0;
    const cpuMs = { lone: 0, writer: 0, network: 0 };
    for (let round = 0; round < THROUGHPUT_ROUNDS; round++) {
      const order = round % 2 === 0 ? ['lone', 'networked'] : ['networked', 'lone'];
      for (const side of order) {
        if (side === 'lone') {
          const before = await cpuOf([lone.child]);
          loneWrites += await writesIn(loneClient, ROUND_SECONDS, round);
          cpuMs.lone += (await cpuOf([lone.child])) - before;
        } else {
          const [writerBefore, networkBefore] = [await cpuOf([writerChild]), await cpuOf(networkChildren)];
          networkedWrites += await writesIn(writer!, ROUND_SECONDS, round);
          // The replicas finish applying before the lone node's next round competes for the CPU.
          await caughtUp(urls[1]!, [urls[0]!, ...urls.slice(2)]);
          cpuMs.writer += (await cpuOf([writerChild])) - writerBefore;
          cpuMs.network += (await cpuOf(networkChildren)) - networkBefore;
        }
      }
    }
    const cpuPerWriteMs = {
      lone: Number((cpuMs.lone / loneWrites).toFixed(3)),
      replicatingWriter: Number((cpuMs.writer / networkedWrites).toFixed(3)),
      replicatingNetworkOf4: Number((cpuMs.network / networkedWrites).toFixed(3)),
    };
    const loneWps = Math.round(loneWrites / (THROUGHPUT_ROUNDS * ROUND_SECONDS));
    const networkedWps = Math.round(networkedWrites / (THROUGHPUT_ROUNDS * ROUND_SECONDS));
    loneClient.destroy();
    await stop(lone.child);

    progress('10,000 writes to one hot item');
    const before = await sentTotals(urls[1]!);
    const spikeStarted = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async (_, worker) => {
        for (let i = worker; i < 10_000; i += CONCURRENCY) {
          await writer!.send(new UpdateItemCommand({ TableName: 'bench', Key: { pk: { S: 'hot' } }, UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': { N: '1' } } }));
        }
      }),
    );
    const spikeSeconds = (performance.now() - spikeStarted) / 1000;
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

    const p50 = percentile(visibilityMs, 50);
    const p99 = percentile(visibilityMs, 99);
    const ratio = networkedWps / loneWps;
    const result = {
      benchmark: 'replication',
      oneWayDelayMs: ONE_WAY_MS,
      visibilityMs: { p50: Math.round(p50), p99: Math.round(p99), max: Math.round(Math.max(...visibilityMs)), samples: VISIBILITY_SAMPLES },
      // From the write's acknowledgement (its journal sync done) to visible at the other PoP.
      visibilityAfterAckMs: { p50: Math.round(percentile(afterAckMs, 50)), p99: Math.round(percentile(afterAckMs, 99)) },
      // The writer's acknowledgement of those same writes (its store log and journal synced).
      visibilityWriterAckMs: { p50: Math.round(percentile(writerAckMs, 50)), p99: Math.round(percentile(writerAckMs, 99)) },
      putAckMs: { loneP50: Number(percentile(loneAck, 50).toFixed(2)), replicatingP50: Number(percentile(networkedAck, 50).toFixed(2)), loneP99: Number(percentile(loneAck, 99).toFixed(2)), replicatingP99: Number(percentile(networkedAck, 99).toFixed(2)) },
      writesPerSecond: { lone: loneWps, replicatingTo3: networkedWps, ratio: Number(ratio.toFixed(2)) },
      // On one shared 2-core machine the 3 replicas and central compete with the writer for the CPU;
      // lone / replicatingWriter is the writer's own capacity ratio, as on machines of its own.
      cpuPerWriteMs: { ...cpuPerWriteMs, writerCapacityRatio: Number((cpuPerWriteMs.lone / cpuPerWriteMs.replicatingWriter).toFixed(2)) },
      hotItem10k: { framesSentToPeers: frames, bytesSentToPeers: bytes, framesPerPeer: Math.round(frames / 3), bytesPerPeer: Math.round(bytes / 3), spikeSeconds: Number(spikeSeconds.toFixed(1)), counterAtEveryPop: counters },
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
    await proxies?.close();
    await rm(dir, { recursive: true, force: true });
  }
}
