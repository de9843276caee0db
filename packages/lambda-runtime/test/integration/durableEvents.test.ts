import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { createFunction } from '../support/functions.js';

/**
 * A real Kuhiro node (the CLI, built by the root `tsc -b` before the tests run; started by path,
 * since this package sits below the CLI), killed with SIGKILL after answering an Event invoke
 * with 202, then restarted on the same data directory: the event runs after the restart.
 */
const CLI_BIN = fileURLToPath(new URL('../../../../../cli/dist/src/bin.js', import.meta.url));
const READY_LINE = /^kuhiro node ready at (http:\/\/\S+)\s*$/m;

interface NodeProcess {
  child: ChildProcess;
  endpoint: string;
}

function startNode(dataDir: string): Promise<NodeProcess> {
  const child = spawn(process.execPath, [CLI_BIN, 'node', '--port', '0', '--data', dataDir, '--log-level', 'warn'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
  return new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`node not ready after 60 s; stderr:\n${stderr}`)), 60_000);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const match = READY_LINE.exec(stdout);
      if (!match) return;
      clearTimeout(timer);
      resolve({ child, endpoint: match[1]! });
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`node exited (${code ?? signal}) before ready; stderr:\n${stderr}`));
    });
  });
}

async function kill(node: NodeProcess | undefined, signal: NodeJS.Signals): Promise<void> {
  if (!node || node.child.exitCode !== null || node.child.signalCode !== null) return;
  const exited = new Promise((resolve) => node.child.once('exit', resolve));
  node.child.kill(signal);
  const force = setTimeout(() => node.child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(force);
}

async function until(check: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The function reports each event it starts to this server, then waits for the answer. */
const REPORTING_HANDLER = `
const http = require('node:http');
exports.handler = async (event, context) => {
  await new Promise((resolve) => {
    const request = http.request(process.env.REPORT_URL, { method: 'POST' }, (response) => { response.resume(); response.on('end', resolve); });
    request.on('error', resolve);
    request.end(JSON.stringify({ id: event.id, requestId: context.awsRequestId }));
  });
  return 'ok';
};
`;

describe('durable Event invocations', () => {
  let dataDir: string;
  let reports: Server;
  let reportUrl: string;
  const received: Array<{ id: string; requestId: string }> = [];
  /** While set, reports are left unanswered: the invocation stays in flight until the node dies. */
  let holdReports = true;
  const held: ServerResponse[] = [];
  let node: NodeProcess | undefined;
  const clients: LambdaClient[] = [];
  const clientOf = (endpoint: string): LambdaClient => {
    const client = new LambdaClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKIADURABLEEVENTS001', secretAccessKey: 'x' }, maxAttempts: 1 });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    if (!existsSync(CLI_BIN)) throw new Error(`${CLI_BIN} is missing: build the repository (npx tsc -b) first`);
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'kuhiro-durable-events-'));
    reports = createServer((req: IncomingMessage, res: ServerResponse) => {
      let body = '';
      req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        received.push(JSON.parse(body) as { id: string; requestId: string });
        if (holdReports) held.push(res);
        else res.end('ok');
      });
    });
    await new Promise<void>((resolve) => reports.listen(0, '127.0.0.1', resolve));
    reportUrl = `http://127.0.0.1:${(reports.address() as AddressInfo).port}/`;
  }, 30_000);

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await kill(node, 'SIGTERM');
    for (const res of held) res.destroy();
    reports.closeAllConnections();
    await new Promise<void>((resolve) => reports.close(() => resolve()));
    await rm(dataDir, { recursive: true, force: true });
  }, 30_000);

  it('runs an event accepted with 202 after the node was killed with SIGKILL and restarted', async () => {
    node = await startNode(dataDir);
    const first = clientOf(node.endpoint);
    await createFunction(first, 'durable', { 'index.js': REPORTING_HANDLER }, { Environment: { Variables: { REPORT_URL: reportUrl } }, Timeout: 30 });
    const accepted = await first.send(new InvokeCommand({ FunctionName: 'durable', InvocationType: 'Event', Payload: Buffer.from(JSON.stringify({ id: 'survivor' })) }));
    expect(accepted.StatusCode).toBe(202);
    // The handler has started (or not yet): either way the node dies before the event finishes.
    await until(() => received.length >= 1, 'the event to start on the first node');
    await kill(node, 'SIGKILL');
    holdReports = false;
    for (const res of held.splice(0)) res.destroy();

    node = await startNode(dataDir);
    await until(() => received.length >= 2, 'the event to run again after the restart');
    expect(received.map((report) => report.id)).toEqual(['survivor', 'survivor']);
    // The same invocation, not a copy: Lambda's request id of the 202 is the handler's awsRequestId.
    expect(received[1]!.requestId).toBe(accepted.$metadata.requestId);
  }, 180_000);
});
