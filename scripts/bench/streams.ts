import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BatchWriteItemCommand, CreateTableCommand, DynamoDBClient, PutItemCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { CreateEventSourceMappingCommand, CreateFunctionCommand, LambdaClient, waitUntilFunctionActiveV2 } from '@aws-sdk/client-lambda';
import { DEV_CREDENTIALS, startEdgeNodeProcess, type EdgeNodeProcess } from '@kuhiro/compat-tests';
import { strToU8, zipSync } from 'fflate';
import { progress } from './support/progress.js';

/**
 * DynamoDB Streams -> Lambda triggers on one node (CLI child process, default fsync policy):
 * 1. latency from an acknowledged PutItem (the SDK call returned) to the start of the handler
 *    that receives its record, one write at a time, default batching window (0) and BatchSize;
 * 2. records/s delivered to a trivial handler, draining a stream preloaded with BENCH_RECORDS
 *    (default 20000) records, default BatchSize (100).
 * The handler reports its start time (performance.timeOrigin + performance.now(), the same
 * wall clock on one machine) to an HTTP listener of this process. A negative latency means the
 * handler started before the client had the write's answer: the record is in the stream as soon
 * as the write commits, while the answer waits for the group commit.
 */

const LATENCY_WRITES = Number(process.env.BENCH_LATENCY_WRITES ?? '300');
const RECORDS = Number(process.env.BENCH_RECORDS ?? '20000');
const region = 'us-east-1';

const HANDLER = `
const http = require('node:http');
const agent = new http.Agent({ keepAlive: true });
exports.handler = async (event) => {
  const started = performance.timeOrigin + performance.now();
  const body = JSON.stringify({ started, count: event.Records.length, keys: process.env.MODE === 'latency' ? event.Records.map((r) => r.dynamodb.Keys.pk.S) : [] });
  const send = new Promise((resolve) => {
    const request = http.request(process.env.REPORT_URL, { method: 'POST', agent }, (response) => { response.resume(); response.on('end', resolve); });
    request.on('error', resolve);
    request.end(body);
  });
  if (process.env.MODE === 'latency') await send;
  return {};
};
`;

interface Report {
  started: number;
  count: number;
  keys: string[];
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function reportServer(onReport: (report: Report) => void): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    req.on('end', () => {
      onReport(JSON.parse(text) as Report);
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

async function streamTable(db: DynamoDBClient, TableName: string): Promise<string> {
  const created = await db.send(new CreateTableCommand({
    TableName, BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
  }));
  await waitUntilTableExists({ client: db, maxWaitTime: 30 }, { TableName });
  return created.TableDescription!.LatestStreamArn!;
}

async function deployFunction(lambda: LambdaClient, FunctionName: string, variables: Record<string, string>): Promise<void> {
  await lambda.send(new CreateFunctionCommand({
    FunctionName, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: 'arn:aws:iam::000000000000:role/bench',
    Code: { ZipFile: zipSync({ 'index.js': strToU8(HANDLER) }) }, Environment: { Variables: variables },
  }));
  await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 60 }, { FunctionName });
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

interface Latency {
  p50: number;
  p99: number;
  /** From sending the PutItem (before its answer): the whole path write -> stream -> handler. */
  fromSendP50: number;
  fromSendP99: number;
  samples: number;
}

async function measureLatency(db: DynamoDBClient, lambda: LambdaClient): Promise<Latency> {
  const started = new Map<string, number>();
  const { server, url } = await reportServer((report) => {
    for (const key of report.keys) started.set(key, report.started);
  });
  try {
    const streamArn = await streamTable(db, 'bench-latency');
    await deployFunction(lambda, 'bench-latency', { MODE: 'latency', REPORT_URL: url });
    await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'bench-latency', EventSourceArn: streamArn, StartingPosition: 'LATEST' }));
    // Warm-up: the first invocations start the environment.
    for (let i = 0; i < 20; i++) {
      await db.send(new PutItemCommand({ TableName: 'bench-latency', Item: { pk: { S: `warm-${i}` } } }));
    }
    await until(() => started.has('warm-19'), 30_000, 'warm-up deliveries');
    const latencies: number[] = [];
    const fromSend: number[] = [];
    progress(`latency: ${LATENCY_WRITES} writes, one at a time`);
    for (let i = 0; i < LATENCY_WRITES; i++) {
      const key = `item-${i}`;
      const sent = performance.timeOrigin + performance.now();
      await db.send(new PutItemCommand({ TableName: 'bench-latency', Item: { pk: { S: key }, n: { N: String(i) } } }));
      const acknowledged = performance.timeOrigin + performance.now();
      await until(() => started.has(key), 10_000, `delivery of ${key}`);
      latencies.push(started.get(key)! - acknowledged);
      fromSend.push(started.get(key)! - sent);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    latencies.sort((a, b) => a - b);
    fromSend.sort((a, b) => a - b);
    return {
      p50: percentile(latencies, 50), p99: percentile(latencies, 99),
      fromSendP50: percentile(fromSend, 50), fromSendP99: percentile(fromSend, 99), samples: latencies.length,
    };
  } finally {
    server.close();
  }
}

async function measureThroughput(db: DynamoDBClient, lambda: LambdaClient): Promise<{ recordsPerSecond: number; batches: number }> {
  const reports: Report[] = [];
  let delivered = 0;
  const { server, url } = await reportServer((report) => {
    reports.push(report);
    delivered += report.count;
  });
  try {
    const streamArn = await streamTable(db, 'bench-throughput');
    await deployFunction(lambda, 'bench-throughput', { MODE: 'throughput', REPORT_URL: url });
    progress(`throughput: preloading ${RECORDS} records`);
    const requests: Array<() => Promise<unknown>> = [];
    for (let from = 0; from < RECORDS; from += 25) {
      const items = Array.from({ length: Math.min(25, RECORDS - from) }, (_, i) => ({ PutRequest: { Item: { pk: { S: `r-${from + i}` }, v: { S: 'x'.repeat(50) } } } }));
      requests.push(() => db.send(new BatchWriteItemCommand({ RequestItems: { 'bench-throughput': items } })));
    }
    const workers = Array.from({ length: 8 }, async () => {
      for (let next = requests.shift(); next; next = requests.shift()) await next();
    });
    await Promise.all(workers);
    progress('throughput: draining the stream');
    await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'bench-throughput', EventSourceArn: streamArn, StartingPosition: 'TRIM_HORIZON' }));
    await until(() => delivered >= RECORDS, 120_000, 'all records delivered');
    const first = reports.reduce((min, report) => Math.min(min, report.started), Infinity);
    const lastReport = reports.reduce((last, report) => (report.started > last.started ? report : last));
    const seconds = (lastReport.started - first) / 1000;
    return { recordsPerSecond: Math.round((RECORDS - lastReport.count) / seconds), batches: reports.length };
  } finally {
    server.close();
  }
}

export async function run(): Promise<void> {
  let node: EdgeNodeProcess | undefined;
  try {
    node = await startEdgeNodeProcess({ region });
    const clients = { endpoint: node.endpoint, region, credentials: DEV_CREDENTIALS, maxAttempts: 1 };
    const db = new DynamoDBClient(clients);
    const lambda = new LambdaClient(clients);
    const latency = await measureLatency(db, lambda);
    progress(`latency p50 ${latency.p50.toFixed(2)} ms, p99 ${latency.p99.toFixed(2)} ms`);
    const throughput = await measureThroughput(db, lambda);
    progress(`throughput ${throughput.recordsPerSecond} records/s in ${throughput.batches} batches`);
    db.destroy();
    lambda.destroy();
    const round = (value: number) => Math.round(value * 100) / 100;
    const goals = [
      { name: 'write ack -> handler start p99 (default batching window)', target: '< 50 ms', measured: `${round(latency.p99)} ms`, met: latency.p99 < 50 },
      { name: 'records/s delivered to a trivial handler', target: '>= 10000', measured: String(throughput.recordsPerSecond), met: throughput.recordsPerSecond >= 10_000 },
    ];
    console.log(JSON.stringify({
      benchmark: 'streams',
      latencyMs: { p50: round(latency.p50), p99: round(latency.p99), fromSendP50: round(latency.fromSendP50), fromSendP99: round(latency.fromSendP99), samples: latency.samples },
      throughput: { records: RECORDS, recordsPerSecond: throughput.recordsPerSecond, batches: throughput.batches, batchSize: 100 },
      goals,
    }));
  } finally {
    await node?.stop();
  }
}
