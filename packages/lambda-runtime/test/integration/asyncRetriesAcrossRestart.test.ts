import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { createFunction } from '../support/functions.js';
import { startLambdaTestServer, type LambdaTestServer } from '../support/lambdaTestServer.js';

/** A failing function that reports each attempt to the test before it throws. */
const FAILING_HANDLER = `
const http = require('node:http');
exports.handler = async (event, context) => {
  await new Promise((resolve) => {
    const request = http.request(process.env.REPORT_URL, { method: 'POST' }, (response) => { response.resume(); response.on('end', resolve); });
    request.on('error', resolve);
    request.end(context.awsRequestId);
  });
  throw new Error('always fails');
};
`;

async function until(check: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('Event invocation retries across a restart', () => {
  let dataDir: string;
  let reports: Server;
  let reportUrl: string;
  const attempts: string[] = [];
  let server: LambdaTestServer | undefined;
  // The restart falls between the first attempt and its retry, which is due 3 s later.
  const tuning = { asyncRetryDelaysMs: [3000, 300] };

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'kuhiro-async-restart-'));
    reports = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        attempts.push(body);
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => reports.listen(0, '127.0.0.1', resolve));
    reportUrl = `http://127.0.0.1:${(reports.address() as AddressInfo).port}/`;
  });

  afterAll(async () => {
    await server?.stop();
    reports.closeAllConnections();
    await new Promise<void>((resolve) => reports.close(() => resolve()));
    await rm(dataDir, { recursive: true, force: true });
  }, 30_000);

  it('gives up after Lambda\'s two retries in all, counting the attempts made before the restart', async () => {
    server = await startLambdaTestServer({ dataDir, tuning });
    const client = server.client();
    await createFunction(client, 'fails', { 'index.js': FAILING_HANDLER }, { Environment: { Variables: { REPORT_URL: reportUrl } } });
    const accepted = await client.send(new InvokeCommand({ FunctionName: 'fails', InvocationType: 'Event', Payload: Buffer.from('{}') }));
    expect(accepted.StatusCode).toBe(202);
    const first = server;
    // Stopped once the retry is scheduled (and so journaled): an attempt cut short by a stop would run again.
    await until(() => first.nodeLog.some((entry) => /async invocation failed, retrying/.test(entry.msg)), 'the first attempt to fail');
    await server.stop();
    const beforeRestart = attempts.length;

    server = await startLambdaTestServer({ dataDir, tuning });
    const restarted = server;
    await until(() => restarted.nodeLog.some((entry) => /async invocation failed after 3 attempts/.test(entry.msg)), 'the event to be given up');
    expect(beforeRestart).toBe(1);
    expect(attempts).toHaveLength(3);
    expect(new Set(attempts)).toEqual(new Set([accepted.$metadata.requestId]));
  }, 120_000);
});
