import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { CreateTableCommand, DynamoDBClient, PutItemCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DEV_CREDENTIALS, startEdgeNodeProcess, type EdgeNodeProcess } from '@kuhiro/compat-tests';
import { SignatureV4 } from '@smithy/signature-v4';
import { strToU8, zipSync } from 'fflate';
import { startDynaliteProcess, type DynaliteProcess } from './support/dynaliteProcess.js';
import type { Goal } from './support/goals.js';
import { LOAD_CLIENT, runLoad, type LoadResult } from './support/loadClient.js';
import { processTreeCpuMs } from './support/processTreeCpu.js';
import { progress } from './support/progress.js';
import { startServerlessOffline, type ServerlessOfflineProcess } from './support/serverlessOfflineProcess.js';
import { NodeSha256, type SignedRequest } from './support/signedRequests.js';

/**
 * Lambda Invoke on this project's node (CLI child process) against serverless-offline 13 on
 * serverless 3 (its Lambda-invoke endpoint on lambdaPort, default worker-thread runner), same
 * handlers, same client, same run:
 * - cold start. Kuhiro: the first Invoke sent right after CreateFunction answered (its latency,
 *   and CreateFunction sent -> first result), for functions of Lambda's default MemorySize (128),
 *   which the node's pre-started spare environment serves (CreateFunction claims it and it loads
 *   the handler while CreateFunction answers), and once for an echo function of MemorySize 512,
 *   for which no spare is kept: a process start, as any function whose size has no spare.
 *   serverless-offline has no CreateFunction: the first Invoke after its ready line (it loads the
 *   handler on first use).
 * - warm invoke latency p50/p99 and throughput at concurrency 1 and 16, for a JSON echo handler
 *   and for a handler that reads one item with the AWS SDK's DynamoDB client (Kuhiro: the node's
 *   own tables; serverless-offline: dynalite, a local DynamoDB in its own process).
 * Each row also has the CPU time the target's process tree (Kuhiro: node + workers; serverless:
 * its process) spent per invoke, which a loaded shared machine distorts far less than latency.
 * Client, for both: keep-alive HTTP/1.1 over net.Socket with each distinct request serialized once
 * (support/rawHttpLoad.ts), requests SigV4-signed ahead of time with the SDK's signer (service
 * lambda), so the client's cost stays out of the figures (node:http's ~0.25 ms of client CPU per
 * request, on the same 2 cores, was as large as a whole invoke on the node: BENCH_CLIENT=node-http
 * runs the rows with it, as before); rows alternate between the two targets so background load on
 * a shared machine drifts onto both alike. Each row is preceded by a warm-up of 200 invokes per
 * unit of concurrency and a wait until the target's processes are idle (environments booted).
 * Environment: BENCH_INVOKES (default 2000 timed invokes per row), BENCH_SKIP_DDB=1, BENCH_CLIENT.
 */

const INVOKES = Number(process.env.BENCH_INVOKES ?? '2000');
/**
 * Warm-up invokes per unit of concurrency before each timed row. A row measures warm invokes, so
 * every environment the row needs must be started and done booting before it: at concurrency 16
 * the node starts ~16 worker processes (~90 ms CPU each) during the warm-up, and with 200 warm-up
 * invokes their boots ran on into the timed row and were counted as its CPU and latency.
 */
const WARMUP_PER_CONCURRENCY = 200;
/** A slow row (the DynamoDB handler on serverless-offline) ends its warm-up after this long. */
const WARMUP_MAX_SECONDS = 10;
/** After the warm-up, wait until the target's process tree is idle (below 5% of a core), at most this long. */
const SETTLE_MAX_MS = 15_000;
const MAX_ROW_SECONDS = 60;
const CONCURRENCIES = [1, 16] as const;
const REGION = 'us-east-1';
const TABLE = 'bench-lambda-items';

const ECHO_SOURCE = `exports.handler = async (event) => ({ ok: true, n: event.n, greeting: 'hello from ' + process.env.AWS_LAMBDA_FUNCTION_NAME });\n`;
const DYNAMODB_SOURCE = `const { DynamoDBClient, GetItemCommand } = require('@aws-sdk/client-dynamodb');
const client = new DynamoDBClient({});
exports.handler = async (event) => {
  const out = await client.send(new GetItemCommand({ TableName: process.env.TABLE, Key: { pk: { S: 'item-' + (event.n % 100) } } }));
  return { found: out.Item !== undefined };
};
`;

interface Handler {
  name: 'echo' | 'dynamodb';
  source: string;
}

interface Row extends LoadResult {
  handler: Handler['name'];
  concurrency: number;
  /** CPU time of the target's whole process tree per timed invoke: robust to the machine's background load. */
  cpuMsPerInvoke: number;
}

interface Target {
  label: 'kuhiro' | 'serverlessOffline';
  url: URL;
  /** Root of the target's process tree, for CPU time. */
  pid: number;
  functionName: (handler: Handler['name']) => string;
  rows: Row[];
}

const signer = new SignatureV4({ service: 'lambda', region: REGION, credentials: DEV_CREDENTIALS, sha256: NodeSha256 });

/** One Invoke (RequestResponse) as the SDK sends it, signed once. */
async function signedInvoke(url: URL, functionName: string, payload: unknown): Promise<SignedRequest> {
  const body = Buffer.from(JSON.stringify(payload));
  const requestPath = `/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`;
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: requestPath,
    headers: { host: url.host, 'content-type': 'application/octet-stream', 'x-amz-invocation-type': 'RequestResponse', 'content-length': String(body.length) },
    body,
  });
  return { path: requestPath, headers: signed.headers as Record<string, string>, body };
}

async function requestsFor(target: Target, handler: Handler['name'], from: number, count: number): Promise<SignedRequest[]> {
  // A handful of distinct payloads, reused: signing every request would cost more than the run.
  const distinct = await Promise.all(Array.from({ length: 16 }, (_, i) => signedInvoke(target.url, target.functionName(handler), { n: from + i })));
  return Array.from({ length: count }, (_, i) => distinct[i % distinct.length]!);
}

/** One invoke on a fresh connection, timed; throws unless it answered 200 without X-Amz-Function-Error. */
async function timedInvoke(target: Target, handler: Handler['name'], functionName = target.functionName(handler)): Promise<number> {
  const request = await signedInvoke(target.url, functionName, { n: 0 });
  const started = performance.now();
  const answer = await new Promise<{ status: number; functionError: string | undefined; body: string }>((resolve, reject) => {
    const req = http.request({ host: target.url.hostname, port: target.url.port, method: 'POST', path: request!.path, headers: request!.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, functionError: res.headers['x-amz-function-error'] as string | undefined, body }));
    });
    req.on('error', reject);
    req.end(request!.body);
  });
  const elapsed = round(performance.now() - started);
  if (answer.status !== 200 || answer.functionError) throw new Error(`${target.label} first invoke of ${handler} failed: ${answer.status} ${answer.functionError ?? ''} ${answer.body.slice(0, 500)}`);
  return elapsed;
}

async function measureRows(targets: Target[], handlers: Handler[]): Promise<void> {
  for (const handler of handlers) {
    for (const concurrency of CONCURRENCIES) {
      for (const target of targets) {
        await runLoad(target.url, await requestsFor(target, handler.name, 0, WARMUP_PER_CONCURRENCY * concurrency), concurrency, WARMUP_MAX_SECONDS);
        await settle(target.pid);
        const requests = await requestsFor(target, handler.name, 0, INVOKES);
        const cpuBefore = await processTreeCpuMs(target.pid);
        const result = await runLoad(target.url, requests, concurrency, MAX_ROW_SECONDS);
        const cpuMsPerInvoke = ((await processTreeCpuMs(target.pid)) - cpuBefore) / Math.max(1, result.requests);
        target.rows.push({ handler: handler.name, concurrency, ...result, cpuMsPerInvoke: round(cpuMsPerInvoke) });
        progress(
          `${target.label}: ${handler.name} c=${concurrency}: ${result.opsPerSecond} invokes/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, CPU ${round(cpuMsPerInvoke)} ms/invoke` +
            (result.errors ? `, ${result.errors} errors (first: ${result.firstError})` : ''),
        );
      }
    }
  }
}

/** Waits until the process tree has (nearly) stopped using CPU: environments started by the warm-up have booted. */
async function settle(pid: number): Promise<void> {
  const deadline = performance.now() + SETTLE_MAX_MS;
  let before = await processTreeCpuMs(pid);
  while (performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = await processTreeCpuMs(pid);
    if (now - before < 12.5) return;
    before = now;
  }
  progress(`process tree ${pid} still busy ${SETTLE_MAX_MS} ms after the warm-up; measuring anyway`);
}

async function seedTable(endpoint: string): Promise<void> {
  const db = new DynamoDBClient({ endpoint, region: REGION, credentials: DEV_CREDENTIALS });
  try {
    await db.send(new CreateTableCommand({ TableName: TABLE, BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }] }));
    await waitUntilTableExists({ client: db, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { TableName: TABLE });
    for (let i = 0; i < 100; i++) await db.send(new PutItemCommand({ TableName: TABLE, Item: { pk: { S: `item-${i}` }, value: { S: 'x'.repeat(100) } } }));
  } finally {
    db.destroy();
  }
}

/** Lambda's default; the node keeps a pre-started spare environment of this size (its default tuning). */
const SPARE_MEMORY_MB = 128;
/** How long the node runs before the first CreateFunction (its spare environment boots meanwhile). */
const SETTLE_MS = 2_000;
/** A size the node keeps no spare for: the first invoke waits for a process start. */
const NO_SPARE_MEMORY_MB = 512;

/** Creates a function on the node and times its first invoke (the cold start). */
async function createAndFirstInvoke(lambda: LambdaClient, target: Target, handler: Handler, environment: Record<string, string>, memorySizeMb = SPARE_MEMORY_MB, functionName = target.functionName(handler.name)) {
  const createSent = performance.now();
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: functionName, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: 'arn:aws:iam::000000000000:role/bench', MemorySize: memorySizeMb,
      Code: { ZipFile: zipSync({ 'index.js': strToU8(handler.source) }) }, Environment: { Variables: environment },
    }),
  );
  const firstInvokeMs = await timedInvoke(target, handler.name, functionName);
  return { memorySizeMb, firstInvokeMs, createToFirstResultMs: round(performance.now() - createSent) };
}

function compareGoals(kuhiro: Target, peer: Target, coldStartMs: number): Goal[] {
  const goals: Goal[] = [{ name: `Kuhiro cold start: first invoke right after CreateFunction (MemorySize ${SPARE_MEMORY_MB}: a spare environment)`, target: '< 50 ms', measured: `${coldStartMs} ms`, met: coldStartMs < 50 }];
  for (const row of kuhiro.rows.filter((candidate) => candidate.handler === 'echo')) {
    const other = peer.rows.find((candidate) => candidate.handler === row.handler && candidate.concurrency === row.concurrency)!;
    const clean = row.errors === 0 && other.errors === 0;
    const where = `${row.handler} handler, concurrency ${row.concurrency}`;
    const note = clean ? '' : ', with errors';
    goals.push(
      { name: `${where}: warm p50 at most half of serverless-offline's`, target: `<= ${round(other.p50Ms / 2)} ms`, measured: `${row.p50Ms} ms (serverless-offline ${other.p50Ms} ms)${note}`, met: clean && row.p50Ms <= other.p50Ms / 2 },
      { name: `${where}: warm p99 at most half of serverless-offline's`, target: `<= ${round(other.p99Ms / 2)} ms`, measured: `${row.p99Ms} ms (serverless-offline ${other.p99Ms} ms)${note}`, met: clean && row.p99Ms <= other.p99Ms / 2 },
    );
    if (row.concurrency === 16) {
      goals.push({ name: `${where}: at least 2x serverless-offline's throughput`, target: `>= ${Math.round(2 * other.opsPerSecond)} invokes/s`, measured: `${Math.round(row.opsPerSecond)} invokes/s (serverless-offline ${Math.round(other.opsPerSecond)})${note}`, met: clean && row.opsPerSecond >= 2 * other.opsPerSecond });
    }
  }
  return goals;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** The repo's node_modules, where the handlers find `@aws-sdk/*` when serverless-offline runs them. */
function repoNodeModules(): string {
  const clientMain = createRequire(import.meta.url).resolve('@aws-sdk/client-dynamodb');
  return clientMain.slice(0, clientMain.lastIndexOf(`${path.sep}node_modules${path.sep}`) + '/node_modules'.length);
}

export async function run(): Promise<void> {
  let node: EdgeNodeProcess | undefined;
  let offline: ServerlessOfflineProcess | undefined;
  let dynalite: DynaliteProcess | undefined;
  const stopAll = async (): Promise<void> => {
    await Promise.allSettled([node?.stop(), offline?.stop(), dynalite?.stop()]);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    progress(`${signal}: stopping what the benchmark started`);
    void stopAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const handlers: Handler[] = [{ name: 'echo', source: ECHO_SOURCE }, ...(process.env.BENCH_SKIP_DDB === '1' ? [] : [{ name: 'dynamodb' as const, source: DYNAMODB_SOURCE }])];
  try {
    progress('starting the kuhiro node (CLI child process)');
    node = await startEdgeNodeProcess({ region: REGION, readyTimeoutMs: 30_000 });
    const kuhiro: Target = { label: 'kuhiro', url: new URL(node.endpoint), pid: node.pid, functionName: (name) => `bench-${name}`, rows: [] };
    const lambda = new LambdaClient({ endpoint: node.endpoint, region: REGION, credentials: DEV_CREDENTIALS, maxAttempts: 1 });
    const coldStart: Record<string, unknown> = {};
    // A deployed node has long been up when functions are created; right after its ready line
    // its spare environment is still booting (a Node process start), and a create then would
    // time that boot rather than the cold start users see.
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    try {
      for (const handler of handlers) {
        if (handler.name === 'dynamodb') await seedTable(node.endpoint);
        coldStart[handler.name] = await createAndFirstInvoke(lambda, kuhiro, handler, { TABLE });
        progress(`kuhiro: cold start ${handler.name}: ${JSON.stringify(coldStart[handler.name])}`);
      }
      coldStart.echoWithoutSpare = await createAndFirstInvoke(lambda, kuhiro, handlers[0]!, { TABLE }, NO_SPARE_MEMORY_MB, 'bench-echo-no-spare');
      progress(`kuhiro: cold start echo, MemorySize ${NO_SPARE_MEMORY_MB} (no spare of that size): ${JSON.stringify(coldStart.echoWithoutSpare)}`);
    } finally {
      lambda.destroy();
    }

    if (handlers.some((handler) => handler.name === 'dynamodb')) {
      dynalite = await startDynaliteProcess();
      await seedTable(dynalite.endpoint);
    }
    progress('starting serverless offline (serverless 3, serverless-offline 13)');
    offline = await startServerlessOffline(
      handlers.map((handler) => ({ name: handler.name, source: handler.source, environment: { TABLE, ...(dynalite ? { AWS_ENDPOINT_URL_DYNAMODB: dynalite.endpoint } : {}) } })),
      repoNodeModules(),
    );
    const serverlessOffline: Target = { label: 'serverlessOffline', url: new URL(offline.endpoint), pid: offline.pid, functionName: (name) => offline!.functionName(name), rows: [] };
    const offlineColdStart: Record<string, unknown> = { startToReadyMs: round(offline.startMs) };
    for (const handler of handlers) offlineColdStart[handler.name] = { firstInvokeMs: await timedInvoke(serverlessOffline, handler.name) };
    progress(`serverless-offline: cold start ${JSON.stringify(offlineColdStart)}`);

    await measureRows([kuhiro, serverlessOffline], handlers);
    const goals = compareGoals(kuhiro, serverlessOffline, (coldStart.echo as { firstInvokeMs: number }).firstInvokeMs);
    const loadAverage = os.loadavg().map((load) => round(load));
    console.log(
      JSON.stringify({
        bench: 'lambda-invoke', invokesPerRow: INVOKES, cpus: os.cpus().length, loadAverage,
        client: `${LOAD_CLIENT}, pre-signed SigV4 Invoke requests, same for both`,
        kuhiro: { coldStart, rows: kuhiro.rows }, serverlessOffline: { coldStart: offlineColdStart, rows: serverlessOffline.rows }, goals,
      }),
    );
  } catch (error) {
    progress(`failed: ${(error as Error).stack ?? error}`);
    console.log(JSON.stringify({ bench: 'lambda-invoke', error: (error as Error).message, goals: [] }));
    process.exitCode = 1;
  } finally {
    await stopAll();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
