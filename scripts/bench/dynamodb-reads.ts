import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import { join } from 'node:path';
import { CLI_BIN } from '@kuhiro/compat-tests';
import { startDynaliteProcess, type DynaliteProcess } from './support/dynaliteProcess.js';
import { LOAD_CLIENT, percentile, runLoad, type LoadResult } from './support/loadClient.js';
import { residentMegabytes } from './support/processMemory.js';
import { progress } from './support/progress.js';
import { RequestSigner, type SignedRequest } from './support/signedRequests.js';

/**
 * Read throughput and latency of this project's node (CLI child process, temp data dir)
 * against dynalite (in-memory, child process) in one run: Query (pages of 10 items), Scan of a
 * whole 100k-item table (1 and 4 segments) and BatchGetItem (100 keys). Then both load a big
 * table with one GSI (1M items of ~200 bytes by default) for RSS and on-disk bytes, and the
 * node is restarted on that data to time its start. Prints one JSON line last; its goals hold
 * issue 4's "at least 2x dynalite" per read row (ops/s for Query and BatchGetItem at each
 * concurrency, items/s for Scan per segment count) besides the memory and restart goals.
 *
 * Environment: BENCH_READ_ITEMS (default 100000) sizes the read table; BENCH_BIG_ITEMS
 * (default 1000000) the memory/restart table; BENCH_SKIP_DYNALITE_BIG=1 skips dynalite's big
 * load (it is slow) and compares RSS with nothing; BENCH_NODE_ARGS (space-separated) are extra
 * `node` flags for the kuhiro node process, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to
 * profile it (NODE_OPTIONS refuses --cpu-prof).
 */

const READ_ITEMS = Number(process.env.BENCH_READ_ITEMS ?? '100000');
const BIG_ITEMS = Number(process.env.BENCH_BIG_ITEMS ?? '1000000');
const SKIP_DYNALITE_BIG = process.env.BENCH_SKIP_DYNALITE_BIG === '1';
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== '');
const READ_TABLE = 'bench-reads';
const BIG_TABLE = 'bench-big';
/** Items per partition of the read table: Query pages of 10 have ten pages to choose from. */
const PARTITION_ITEMS = 100;
const QUERY_REQUESTS = 3000;
const BATCH_GET_REQUESTS = 400;
const FULL_SCANS = 2;
/** Every measured row and every load stops after this long, whatever its request count. */
const MAX_ROW_SECONDS = 20;
const MAX_LOAD_SECONDS = 900;
const MAX_RESTART_SECONDS = 120;
/** After a big load, RSS is read again once idle this long (both processes): garbage of the load is then mostly collected. */
const SETTLE_SECONDS = 15;
/** 150 characters of payload plus keys and a GSI key make an item of ~200 bytes. */
const PAYLOAD = 'r'.repeat(150);

interface Goal {
  name: string;
  target: string;
  measured: string;
  met: boolean;
}
type Row = LoadResult & { operation: string; concurrency: number };
interface ScanRow {
  operation: string;
  segments: number;
  fullScans: number;
  requests: number;
  items: number;
  errors: number;
  seconds: number;
  opsPerSecond: number;
  itemsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

const readItem = (i: number) => ({
  pk: { S: `part-${Math.floor(i / PARTITION_ITEMS)}` },
  sk: { N: String(i % PARTITION_ITEMS) },
  payload: { S: PAYLOAD },
});
const bigItem = (i: number) => ({
  pk: { S: `item-${String(i).padStart(8, '0')}` },
  g: { S: `group-${i % 1000}` },
  n: { N: String(i) },
  payload: { S: PAYLOAD },
});

/** One raw keep-alive request signed on the fly (Scan pages depend on the previous answer). */
function post(url: URL, agent: http.Agent, request: SignedRequest): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method: 'POST', path: request.path, headers: request.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(request.body);
  });
}

async function call(url: URL, signer: RequestSigner, action: string, input: unknown): Promise<Record<string, any>> {
  const agent = new http.Agent({ keepAlive: false });
  try {
    const { status, body } = await post(url, agent, await signer.sign(action, input));
    if (status !== 200) throw new Error(`${action} answered ${status}: ${body.slice(0, 300)}`);
    return JSON.parse(body);
  } finally {
    agent.destroy();
  }
}

async function createTable(url: URL, signer: RequestSigner, input: Record<string, unknown>): Promise<void> {
  await call(url, signer, 'CreateTable', { BillingMode: 'PAY_PER_REQUEST', ...input });
  // dynalite and the node both answer ACTIVE within a few polls; bounded anyway.
  for (let i = 0; i < 100; i++) {
    const { Table } = await call(url, signer, 'DescribeTable', { TableName: input.TableName });
    const indexes = (Table.GlobalSecondaryIndexes ?? []) as Array<{ IndexStatus: string }>;
    if (Table.TableStatus === 'ACTIVE' && indexes.every((index) => index.IndexStatus === 'ACTIVE')) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`table ${String(input.TableName)} not ACTIVE after 10 s`);
}

/** BatchWriteItem in chunks of 25, pre-signed 4000 requests at a time, 16 connections. */
async function loadItems(label: string, url: URL, signer: RequestSigner, table: string, count: number, item: (i: number) => object) {
  const started = Date.now();
  const perChunk = 25 * 4000;
  let errors = 0;
  let firstError: string | undefined;
  for (let from = 0; from < count; from += perChunk) {
    if ((Date.now() - started) / 1000 > MAX_LOAD_SECONDS) throw new Error(`${label}: loading ${count} items took over ${MAX_LOAD_SECONDS} s`);
    const requests: SignedRequest[] = [];
    for (let batch = from; batch < Math.min(count, from + perChunk); batch += 25) {
      const puts = [];
      for (let i = batch; i < Math.min(count, batch + 25); i++) puts.push({ PutRequest: { Item: item(i) } });
      requests.push(await signer.sign('BatchWriteItem', { RequestItems: { [table]: puts } }));
    }
    const result = await runLoad(url, requests, 16, MAX_LOAD_SECONDS);
    errors += result.errors;
    firstError ??= result.firstError;
    progress(`${label}: loaded ${Math.min(count, from + perChunk)} of ${count} items into ${table}`);
  }
  if (errors > 0) throw new Error(`${label}: ${errors} failed loads into ${table}; first: ${firstError}`);
  return { items: count, loadSeconds: Math.round((Date.now() - started) / 100) / 10 };
}

/** Whole-table scans, each segment a sequential page loop on its own connection. */
async function measureScan(url: URL, signer: RequestSigner, segments: number): Promise<ScanRow> {
  const latencies: number[] = [];
  let items = 0;
  let errors = 0;
  const started = process.hrtime.bigint();
  const deadline = Date.now() + MAX_ROW_SECONDS * 1000 * FULL_SCANS;
  for (let pass = 0; pass < FULL_SCANS; pass++) {
    await Promise.all(
      Array.from({ length: segments }, async (_, segment) => {
        const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
        try {
          let startKey: unknown;
          do {
            const input = { TableName: READ_TABLE, ...(segments > 1 ? { Segment: segment, TotalSegments: segments } : {}), ...(startKey ? { ExclusiveStartKey: startKey } : {}) };
            const request = await signer.sign('Scan', input);
            const t0 = process.hrtime.bigint();
            const { status, body } = await post(url, agent, request);
            latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
            if (status !== 200) {
              errors++;
              return;
            }
            const page = JSON.parse(body) as { Count: number; LastEvaluatedKey?: unknown };
            items += page.Count;
            startKey = page.LastEvaluatedKey;
          } while (startKey && Date.now() < deadline);
        } finally {
          agent.destroy();
        }
      }),
    );
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  return {
    operation: 'Scan',
    segments,
    fullScans: FULL_SCANS,
    requests: latencies.length,
    items,
    errors,
    seconds: round(seconds),
    opsPerSecond: round(latencies.length / seconds),
    itemsPerSecond: Math.round(items / seconds),
    p50Ms: round(percentile(latencies, 0.5)),
    p99Ms: round(percentile(latencies, 0.99)),
  };
}

async function measureReads(label: string, endpoint: string) {
  const url = new URL(endpoint);
  const signer = new RequestSigner(url);
  await createTable(url, signer, {
    TableName: READ_TABLE,
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'N' }],
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
  });
  const load = await loadItems(label, url, signer, READ_TABLE, READ_ITEMS, readItem);
  const partitions = Math.max(1, Math.floor(READ_ITEMS / PARTITION_ITEMS));
  const rows: Row[] = [];

  const queries: SignedRequest[] = [];
  for (let i = 0; i < QUERY_REQUESTS; i++) {
    // A page of 10 starting at a random tenth of a random partition.
    const partition = (i * 7919) % partitions;
    const from = ((i * 31) % (PARTITION_ITEMS / 10)) * 10;
    queries.push(
      await signer.sign('Query', {
        TableName: READ_TABLE,
        KeyConditionExpression: 'pk = :pk AND sk >= :from',
        ExpressionAttributeValues: { ':pk': { S: `part-${partition}` }, ':from': { N: String(from) } },
        Limit: 10,
      }),
    );
  }
  const batches: SignedRequest[] = [];
  for (let b = 0; b < BATCH_GET_REQUESTS; b++) {
    const Keys = Array.from({ length: 100 }, (_, k) => {
      const i = (b * 100 + k) * 9973 % READ_ITEMS;
      const { pk, sk } = readItem(i);
      return { pk, sk };
    });
    batches.push(await signer.sign('BatchGetItem', { RequestItems: { [READ_TABLE]: { Keys } } }));
  }
  for (const concurrency of [1, 16]) {
    await runLoad(url, queries.slice(0, 200), concurrency, MAX_ROW_SECONDS);
    const query = await runLoad(url, queries, concurrency, MAX_ROW_SECONDS);
    rows.push({ operation: 'Query (Limit 10)', concurrency, ...query });
    const batch = await runLoad(url, batches, concurrency, MAX_ROW_SECONDS);
    rows.push({ operation: 'BatchGetItem (100 keys)', concurrency, ...batch });
    for (const row of rows.slice(-2)) {
      progress(`${label}: ${row.operation} c=${concurrency}: ${row.opsPerSecond} ops/s, p50 ${row.p50Ms} ms, p99 ${row.p99Ms} ms${row.errors ? `, ${row.errors} errors (${row.firstError})` : ''}`);
    }
  }
  const scans = [await measureScan(url, signer, 1), await measureScan(url, signer, 4)];
  for (const scan of scans) {
    progress(`${label}: Scan ${scan.segments} segment(s): ${scan.itemsPerSecond} items/s, ${scan.opsPerSecond} pages/s, p50 ${scan.p50Ms} ms, p99 ${scan.p99Ms} ms`);
  }
  return { load, rows, scans };
}

async function loadBig(label: string, endpoint: string) {
  const url = new URL(endpoint);
  const signer = new RequestSigner(url);
  await createTable(url, signer, {
    TableName: BIG_TABLE,
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'g', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    GlobalSecondaryIndexes: [{ IndexName: 'byGroup', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
  });
  return loadItems(label, url, signer, BIG_TABLE, BIG_ITEMS, bigItem);
}

async function directoryBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += await directoryBytes(path);
    else if (entry.isFile()) total += (await stat(path)).size;
  }
  return total;
}

interface NodeChild {
  endpoint: string;
  pid: number;
  readySeconds: number;
  stop(): Promise<void>;
}

/** `kuhiro node` on a given data dir (kept across restarts), ready when it prints its line. */
async function startNode(dataDir: string): Promise<NodeChild> {
  const started = Date.now();
  const child = spawn(process.execPath, [...NODE_ARGS, CLI_BIN, 'node', '--port', '0', '--data', dataDir, '--log-level', 'warn'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
  const stop = () => stopChild(child);
  try {
    const endpoint = await new Promise<string>((resolve, reject) => {
      let stdout = '';
      const timer = setTimeout(() => reject(new Error(`node not ready after ${MAX_RESTART_SECONDS} s; stderr:\n${stderr}`)), MAX_RESTART_SECONDS * 1000);
      child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        const match = /^kuhiro node ready at (http:\/\/\S+)\s*$/m.exec(stdout);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`node exited with ${code} before ready; stderr:\n${stderr}`));
      });
    });
    return { endpoint, pid: child.pid!, readySeconds: (Date.now() - started) / 1000, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** SIGTERM lets the node snapshot and flush; SIGKILL after 60 s (a 1M-item snapshot takes a while). */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * RSS once the process has been idle for SETTLE_SECONDS, the figure for holding the data: the
 * reading right after a load also counts that load's garbage, which depends on the load rate.
 * Reported next to the immediate reading (the goals use the immediate one).
 */
async function settledResidentMegabytes(pid: number): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, SETTLE_SECONDS * 1000));
  return residentMegabytes(pid);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** Issue 4: at least 2x dynalite's throughput on every read row (Query, BatchGetItem per concurrency; Scan per segment count). */
const READ_SPEEDUP_TARGET = 2;

function readGoals(node: { rows: Row[]; scans: ScanRow[] }, dynalite: { rows: Row[]; scans: ScanRow[] }): Goal[] {
  const goals: Goal[] = [];
  const compare = (name: string, ours: number | undefined, theirs: number | undefined) => {
    const ratio = ours !== undefined && theirs !== undefined && theirs > 0 ? ours / theirs : undefined;
    goals.push({
      name: `${name}: at least ${READ_SPEEDUP_TARGET}x dynalite's throughput`,
      target: `>= ${READ_SPEEDUP_TARGET}x`,
      measured: ratio === undefined ? 'not measured' : `${round(ratio)}x (${ours} vs ${theirs})`,
      met: ratio !== undefined && ratio >= READ_SPEEDUP_TARGET,
    });
  };
  for (const row of node.rows) {
    const peer = dynalite.rows.find((other) => other.operation === row.operation && other.concurrency === row.concurrency);
    compare(`${row.operation} c=${row.concurrency} ops/s`, row.opsPerSecond, peer?.opsPerSecond);
  }
  for (const scan of node.scans) {
    const peer = dynalite.scans.find((other) => other.segments === scan.segments);
    compare(`Scan ${scan.segments} segment(s) items/s`, scan.itemsPerSecond, peer?.itemsPerSecond);
  }
  return goals;
}

function goalsFrom(nodeBig: { rssMb: number }, dynaliteRssMb: number | undefined, restartSeconds: number): Goal[] {
  const goals: Goal[] = [
    { name: `node RSS with ${BIG_ITEMS} items (one GSI) under 1 GB`, target: '< 1024 MiB', measured: `${nodeBig.rssMb} MiB`, met: nodeBig.rssMb < 1024 },
    { name: `node restart with ${BIG_ITEMS} items under 15 s`, target: '< 15 s', measured: `${restartSeconds} s`, met: restartSeconds < 15 },
  ];
  goals.push({
    name: `node RSS with ${BIG_ITEMS} items no more than dynalite's`,
    target: dynaliteRssMb === undefined ? 'dynalite not measured' : `<= ${dynaliteRssMb} MiB`,
    measured: `${nodeBig.rssMb} MiB`,
    met: dynaliteRssMb !== undefined && nodeBig.rssMb <= dynaliteRssMb,
  });
  return goals;
}

export async function run(): Promise<void> {
  let node: NodeChild | undefined;
  let dynalite: DynaliteProcess | undefined;
  const dataDir = await mkdtemp(join(os.tmpdir(), 'kuhiro-bench-reads-'));
  const stopAll = async (): Promise<void> => {
    await Promise.allSettled([node?.stop(), dynalite?.stop()]);
    await rm(dataDir, { recursive: true, force: true });
  };
  // Ctrl-C or a kill must not leave a node or dynalite (or 1M items on disk) behind.
  const onSignal = (signal: NodeJS.Signals) => {
    progress(`${signal}: stopping what the benchmark started`);
    void stopAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    progress('starting the kuhiro node (CLI child process)');
    node = await startNode(dataDir);
    const nodeReads = await measureReads('node', node.endpoint);
    progress(`node: loading ${BIG_ITEMS} items with one GSI`);
    const nodeLoad = await loadBig('node', node.endpoint);
    const rssMb = await residentMegabytes(node.pid);
    const nodeBig = { ...nodeLoad, rssMb, rssSettledMb: await settledResidentMegabytes(node.pid), diskBytesRunning: await directoryBytes(dataDir), diskBytesStopped: 0 };
    progress(`node: RSS ${nodeBig.rssMb} MiB (${nodeBig.rssSettledMb} MiB after ${SETTLE_SECONDS} s idle), ${nodeBig.diskBytesRunning} bytes on disk`);
    // The stop includes the snapshot a node takes on SIGTERM; past 60 s it is killed and the
    // restart below replays the log instead.
    const stopStarted = Date.now();
    await node.stop();
    node = undefined;
    const stopSeconds = round((Date.now() - stopStarted) / 1000);
    progress(`node: stopped (snapshot on SIGTERM) in ${stopSeconds} s`);
    nodeBig.diskBytesStopped = await directoryBytes(dataDir);
    node = await startNode(dataDir);
    const restartSeconds = round(node.readySeconds);
    const probe = await call(new URL(node.endpoint), new RequestSigner(new URL(node.endpoint)), 'GetItem', { TableName: BIG_TABLE, Key: { pk: bigItem(BIG_ITEMS - 1).pk } });
    if (!probe.Item) throw new Error('node lost the last loaded item across the restart');
    const rssAfterRestartMb = await residentMegabytes(node.pid);
    progress(`node: restarted in ${restartSeconds} s, RSS ${rssAfterRestartMb} MiB`);
    await node.stop();
    node = undefined;

    progress('starting dynalite (in-memory, child process)');
    dynalite = await startDynaliteProcess();
    const dynaliteReads = await measureReads('dynalite', dynalite.endpoint);
    let dynaliteBig: { items: number; loadSeconds: number; rssMb: number; rssSettledMb: number; diskBytes: number } | undefined;
    if (!SKIP_DYNALITE_BIG) {
      const load = await loadBig('dynalite', dynalite.endpoint);
      const rssMb = await residentMegabytes(dynalite.pid);
      dynaliteBig = { ...load, rssMb, rssSettledMb: await settledResidentMegabytes(dynalite.pid), diskBytes: 0 };
      progress(`dynalite: RSS ${dynaliteBig.rssMb} MiB (${dynaliteBig.rssSettledMb} MiB after ${SETTLE_SECONDS} s idle; in-memory, nothing on disk)`);
    }
    await dynalite.stop();
    dynalite = undefined;

    const goals = [...readGoals(nodeReads, dynaliteReads), ...goalsFrom(nodeBig, dynaliteBig?.rssMb, restartSeconds)];
    const loadAverage = os.loadavg().map((load) => Math.round(load * 100) / 100);
    console.log(
      JSON.stringify({
        bench: 'dynamodb-reads',
        client: LOAD_CLIENT,
        readItems: READ_ITEMS,
        bigItems: BIG_ITEMS,
        cpus: os.cpus().length,
        loadAverage,
        node: { ...nodeReads, big: { ...nodeBig, stopSeconds, restartSeconds, rssAfterRestartMb } },
        dynalite: { ...dynaliteReads, big: dynaliteBig ?? 'skipped' },
        goals,
      }),
    );
  } catch (error) {
    progress(`failed: ${(error as Error).stack ?? error}`);
    console.log(JSON.stringify({ bench: 'dynamodb-reads', error: (error as Error).message, goals: [] }));
    process.exitCode = 1;
  } finally {
    await stopAll();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
