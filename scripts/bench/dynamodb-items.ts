import { spawn } from 'node:child_process';
import os from 'node:os';
import { CreateTableCommand, DynamoDBClient, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { CLI_BIN, startEdgeNodeProcess, type EdgeNodeProcess } from '@kuhiro/compat-tests';
import { startDynaliteProcess, type DynaliteProcess } from './support/dynaliteProcess.js';
import { startInstantServer, type InstantServer } from './support/instantServer.js';
import { goalsFrom, type Row } from './support/goals.js';
import { LOAD_CLIENT, runLoad } from './support/loadClient.js';
import { residentMegabytes } from './support/processMemory.js';
import { progress } from './support/progress.js';
import { RequestSigner, type SignedRequest } from './support/signedRequests.js';

/**
 * PutItem, GetItem and UpdateItem throughput and latency of this project's node (CLI child
 * process, default fsync policy, temp data dir) against dynalite (in-memory, child process), at
 * concurrency 1, 16 and 64; then the node's RSS after 100k items, and how long the node takes to
 * restart with them (SIGTERM, which snapshots, then a new process on the same data dir until
 * its ready line). Prints one JSON line last.
 *
 * Environment: BENCH_SCALE (default 1) multiplies every request count; BENCH_LOAD_ITEMS (default
 * 100000) is how many items the memory phase loads (0 skips the memory and restart phases);
 * BENCH_ROWS (e.g. `PutItem:16,UpdateItem:16`) runs only those rows, for profiling one path
 * (goals are then reported for those rows only).
 */

const TABLE = 'bench-items';
const OPERATIONS = ['PutItem', 'GetItem', 'UpdateItem'] as const;
const CONCURRENCIES = [1, 16, 64] as const;
const SCALE = Number(process.env.BENCH_SCALE ?? '1');
const LOAD_ITEMS = Number(process.env.BENCH_LOAD_ITEMS ?? '100000');
/** Requests per row; a row also stops after MAX_ROW_SECONDS so a slow target cannot stall the run. */
const REQUESTS_PER_ROW: Record<(typeof CONCURRENCIES)[number], number> = { 1: 2000, 16: 6000, 64: 8000 };
const WARMUP_REQUESTS = 300;
const MAX_ROW_SECONDS = 15;
/** `operation:concurrency` pairs to run (BENCH_ROWS), or undefined for every row. */
const ONLY_ROWS = process.env.BENCH_ROWS?.split(',').map((row) => row.trim());
/** Gets and updates hit keys that exist: the key space is seeded before the rows run. */
const KEYSPACE = 2000;

type Operation = Row['operation'];

const PAYLOAD = 'x'.repeat(100);

function requestInput(operation: Operation, i: number): unknown {
  const Key = { pk: { S: `item-${i % KEYSPACE}` } };
  switch (operation) {
    case 'PutItem':
      return { TableName: TABLE, Item: { ...Key, name: { S: 'kuhiro bench item' }, hits: { N: String(i) }, tags: { SS: ['a', 'b'] }, payload: { S: PAYLOAD } } };
    case 'GetItem':
      return { TableName: TABLE, Key };
    case 'UpdateItem':
      return { TableName: TABLE, Key, UpdateExpression: 'SET updatedAt = :now ADD hits :one', ExpressionAttributeValues: { ':now': { N: String(i) }, ':one': { N: '1' } } };
  }
}

async function signAll(signer: RequestSigner, operation: Operation, from: number, count: number): Promise<SignedRequest[]> {
  const requests: SignedRequest[] = [];
  for (let i = from; i < from + count; i++) requests.push(await signer.sign(operation, requestInput(operation, i)));
  return requests;
}

async function createBenchTable(endpoint: string): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKIAKUHIROBENCH00001', secretAccessKey: 'x' } });
  try {
    await client.send(
      new CreateTableCommand({
        TableName: TABLE,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    );
    await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { TableName: TABLE });
  } finally {
    client.destroy();
  }
}

interface BenchTarget {
  label: string;
  url: URL;
  signer: RequestSigner;
  rows: Row[];
}

/** Creates the table and seeds the key space that gets and updates read. */
async function prepareTarget(label: string, endpoint: string): Promise<BenchTarget> {
  const url = new URL(endpoint);
  const signer = new RequestSigner(url);
  await createBenchTable(endpoint);
  progress(`${label}: seeding ${KEYSPACE} items`);
  const seed = await runLoad(url, await signAll(signer, 'PutItem', 0, KEYSPACE), 16, 60);
  if (seed.errors > 0) throw new Error(`${label}: seeding failed: ${seed.firstError}`);
  return { label, url, signer, rows: [] };
}

/**
 * Runs every (operation, concurrency) row on each target back to back, node then dynalite, so
 * both see the same machine: on a shared 2-core box the background load drifts by the minute,
 * and measuring one target entirely before the other would hand that drift to the comparison.
 */
async function measureRows(targets: BenchTarget[]): Promise<void> {
  let counter = KEYSPACE;
  for (const operation of OPERATIONS) {
    for (const concurrency of CONCURRENCIES) {
      if (ONLY_ROWS !== undefined && !ONLY_ROWS.includes(`${operation}:${concurrency}`)) continue;
      const count = Math.max(1, Math.round(REQUESTS_PER_ROW[concurrency] * SCALE));
      for (const target of targets) {
        const warmup = await signAll(target.signer, operation, counter, WARMUP_REQUESTS);
        const timed = await signAll(target.signer, operation, counter + WARMUP_REQUESTS, count);
        await runLoad(target.url, warmup, concurrency, MAX_ROW_SECONDS);
        const result = await runLoad(target.url, timed, concurrency, MAX_ROW_SECONDS);
        target.rows.push({ operation, concurrency, ...result });
        progress(
          `${target.label}: ${operation} c=${concurrency}: ${result.opsPerSecond} ops/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms` +
            (result.errors ? `, ${result.errors} errors (first: ${result.firstError})` : ''),
        );
      }
      counter += WARMUP_REQUESTS + count;
    }
  }
}

/** Loads LOAD_ITEMS distinct items into the node and reads its RSS before and after. */
async function measureMemory(node: EdgeNodeProcess) {
  const url = new URL(node.endpoint);
  const signer = new RequestSigner(url);
  const rssBeforeMb = await residentMegabytes(node.pid);
  const chunk = 5000;
  let errors = 0;
  let firstError: string | undefined;
  const started = Date.now();
  for (let from = 0; from < LOAD_ITEMS; from += chunk) {
    const requests: SignedRequest[] = [];
    for (let i = from; i < Math.min(LOAD_ITEMS, from + chunk); i++) {
      requests.push(await signer.sign('PutItem', { TableName: TABLE, Item: { pk: { S: `load-${i}` }, name: { S: 'kuhiro bench item' }, hits: { N: String(i) }, payload: { S: PAYLOAD } } }));
    }
    const result = await runLoad(url, requests, 64, 600);
    errors += result.errors;
    firstError ??= result.firstError;
    if (from % 20_000 === 0) progress(`node: loaded ${from + requests.length} of ${LOAD_ITEMS} items`);
  }
  const loadSeconds = (Date.now() - started) / 1000;
  const rssAfterMb = await residentMegabytes(node.pid);
  return {
    items: LOAD_ITEMS,
    errors,
    firstError,
    loadSeconds: Math.round(loadSeconds * 10) / 10,
    rssBeforeMb,
    rssAfterMb,
    bytesPerItem: Math.round(((rssAfterMb - rssBeforeMb) * 1024 * 1024) / LOAD_ITEMS),
  };
}

/** Issue 3's goal: a node restarts with 100k items in under 5 s. */
const RESTART_GOAL_SECONDS = 5;

function waitForExit(pid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const poll = () => {
      try {
        process.kill(pid, 0);
      } catch {
        resolve(); // gone
        return;
      }
      if (Date.now() > deadline) reject(new Error(`process ${pid} still running after ${timeoutMs} ms`));
      else setTimeout(poll, 50);
    };
    poll();
  });
}

/**
 * Stops the node gracefully (it snapshots on SIGTERM), starts a new node process on the same
 * data dir and times it from spawn to its ready line; the new process is stopped again before
 * this returns. The caller's `node.stop()` then only removes the data dir.
 */
async function measureRestart(node: EdgeNodeProcess): Promise<{ seconds: number; rssAfterMb: number }> {
  process.kill(node.pid, 'SIGTERM');
  await waitForExit(node.pid, 120_000);
  const started = Date.now();
  const child = spawn(process.execPath, [CLI_BIN, 'node', '--port', '0', '--data', node.dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr!.resume();
  try {
    await new Promise<void>((resolve, reject) => {
      let stdout = '';
      const timer = setTimeout(() => reject(new Error('restarted node not ready after 120 s')), 120_000);
      child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        if (/^kuhiro node ready at /m.test(stdout)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`restarted node exited (code ${code}) before ready`));
      });
    });
    const seconds = (Date.now() - started) / 1000;
    return { seconds: Math.round(seconds * 100) / 100, rssAfterMb: await residentMegabytes(child.pid!) };
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(force);
    }
  }
}

/** The load client's own ceiling: PutItem-sized requests against a server that answers at once. */
async function measureClientCeiling(server: InstantServer): Promise<Array<{ concurrency: number; opsPerSecond: number; p99Ms: number }>> {
  const url = new URL(server.endpoint);
  const requests = await signAll(new RequestSigner(url), 'PutItem', 0, Math.round(8000 * SCALE));
  const ceiling = [];
  for (const concurrency of [16, 64]) {
    const result = await runLoad(url, requests, concurrency, MAX_ROW_SECONDS);
    ceiling.push({ concurrency, opsPerSecond: result.opsPerSecond, p99Ms: result.p99Ms });
    progress(`load client ceiling at c=${concurrency}: ${result.opsPerSecond} ops/s, p99 ${result.p99Ms} ms`);
  }
  return ceiling;
}

export async function run(): Promise<void> {
  let node: EdgeNodeProcess | undefined;
  let dynalite: DynaliteProcess | undefined;
  let instant: InstantServer | undefined;
  const stopAll = async (): Promise<void> => {
    await Promise.allSettled([node?.stop(), dynalite?.stop(), instant?.stop()]);
  };
  // Ctrl-C or a kill must not leave a node or dynalite behind.
  const onSignal = (signal: NodeJS.Signals) => {
    progress(`${signal}: stopping what the benchmark started`);
    void stopAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    progress('starting the kuhiro node (CLI child process, default fsync policy) and dynalite (in-memory, child process)');
    // One after the other, so a failed start never leaves the other process unowned.
    node = await startEdgeNodeProcess({ readyTimeoutMs: 30_000 });
    dynalite = await startDynaliteProcess();
    const targets = [await prepareTarget('node', node.endpoint), await prepareTarget('dynalite', dynalite.endpoint)];
    await measureRows(targets);
    const [nodeRows, dynaliteRows] = [targets[0]!.rows, targets[1]!.rows];
    await dynalite.stop();
    dynalite = undefined;

    let memory: Awaited<ReturnType<typeof measureMemory>> | undefined;
    let restart: Awaited<ReturnType<typeof measureRestart>> | undefined;
    if (LOAD_ITEMS > 0) {
      progress(`node: loading ${LOAD_ITEMS} items for the memory figure`);
      memory = await measureMemory(node);
      progress(`node: RSS ${memory.rssBeforeMb} MiB -> ${memory.rssAfterMb} MiB after ${memory.items} items (${memory.loadSeconds} s)`);
      restart = await measureRestart(node);
      progress(`node: restart with ${memory.items} items took ${restart.seconds} s (RSS ${restart.rssAfterMb} MiB)`);
    }
    await node.stop();
    node = undefined;

    instant = await startInstantServer();
    const clientCeiling = await measureClientCeiling(instant);
    await instant.stop();
    instant = undefined;

    const goals = goalsFrom(nodeRows, dynaliteRows);
    if (memory !== undefined && restart !== undefined) {
      goals.push({
        name: `restart with ${memory.items} items under ${RESTART_GOAL_SECONDS} s`,
        target: `< ${RESTART_GOAL_SECONDS} s`,
        measured: `${restart.seconds} s`,
        met: restart.seconds < RESTART_GOAL_SECONDS,
      });
    }
    const loadAverage = os.loadavg().map((load) => Math.round(load * 100) / 100);
    console.log(
      JSON.stringify({ bench: 'dynamodb-items', scale: SCALE, cpus: os.cpus().length, loadAverage, client: LOAD_CLIENT, clientCeiling, node: { rows: nodeRows, memory, restart }, dynalite: { rows: dynaliteRows }, goals }),
    );
  } catch (error) {
    progress(`failed: ${(error as Error).stack ?? error}`);
    console.log(JSON.stringify({ bench: 'dynamodb-items', error: (error as Error).message, goals: [] }));
    process.exitCode = 1;
  } finally {
    await stopAll();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
