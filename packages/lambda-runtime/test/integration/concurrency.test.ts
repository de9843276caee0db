import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DeleteFunctionConcurrencyCommand, GetFunctionCommand, GetFunctionConcurrencyCommand, PutFunctionConcurrencyCommand } from '@aws-sdk/client-lambda';
import { startLambdaTestServer, type LambdaTestServer } from '../support/lambdaTestServer.js';
import { createFunction, invokeJson } from '../support/functions.js';
import { rejectionOf } from '../support/rejection.js';

const BARRIER = {
  'index.js': `exports.handler = async (event) => {
    if (event.barrier) await new Promise((resolve, reject) => require('node:http').get(event.barrier, (res) => { res.resume(); res.on('end', resolve); }).on('error', reject));
    return process.pid;
  };`,
};
const SLOW = { 'index.js': 'exports.handler = async (event) => { await new Promise((r) => setTimeout(r, event.ms ?? 0)); return process.pid; };' };

describe('concurrency', () => {
  let server: LambdaTestServer;
  beforeAll(async () => {
    server = await startLambdaTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('scales out to one environment per concurrent invocation and reuses them when warm', async () => {
    // A barrier, not a sleep: each invocation waits until all three are running at once, which
    // only three environments can do, however long a process start takes on a loaded machine.
    const arrived: ServerResponse[] = [];
    const barrier = createServer((_req, res) => {
      arrived.push(res);
      if (arrived.length === 3) for (const waiting of arrived) waiting.end('go');
    });
    await new Promise<void>((resolve) => barrier.listen(0, '127.0.0.1', resolve));
    try {
      const client = server.client();
      await createFunction(client, 'cc-scale', BARRIER, { Timeout: 30 }); // the first waits at the barrier while the others start
      const url = `http://127.0.0.1:${(barrier.address() as AddressInfo).port}/`;
      const pids = (await Promise.all([1, 2, 3].map(() => invokeJson(client, 'cc-scale', { barrier: url })))).map((result) => result.payload);
      expect(new Set(pids).size).toBe(3);
      const warm = (await invokeJson(client, 'cc-scale', {})).payload;
      expect(pids).toContain(warm);
    } finally {
      barrier.closeAllConnections();
      await new Promise((resolve) => barrier.close(resolve));
    }
  }, 60_000);

  it('stores reserved concurrency and throttles past it with TooManyRequestsException', async () => {
    const client = server.client();
    const barrier = createServer();
    await createFunction(client, 'cc-reserved', BARRIER, { Timeout: 30 });
    const put = await client.send(new PutFunctionConcurrencyCommand({ FunctionName: 'cc-reserved', ReservedConcurrentExecutions: 1 }));
    expect(put.ReservedConcurrentExecutions).toBe(1);
    expect((await client.send(new GetFunctionConcurrencyCommand({ FunctionName: 'cc-reserved' }))).ReservedConcurrentExecutions).toBe(1);
    expect((await client.send(new GetFunctionCommand({ FunctionName: 'cc-reserved' }))).Concurrency).toEqual({ ReservedConcurrentExecutions: 1 });

    // The first invocation holds the one allowed environment at a barrier until the second has
    // been refused: no sleep decides whether they overlap.
    let release!: () => void;
    const arrived = new Promise<void>((resolve) => {
      barrier.on('request', (_req, res) => {
        resolve();
        release = () => res.end('go');
      });
    });
    await new Promise<void>((resolve) => barrier.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(barrier.address() as AddressInfo).port}/`;
      const first = invokeJson(client, 'cc-reserved', { barrier: url });
      await arrived;
      const throttled = await rejectionOf(invokeJson(client, 'cc-reserved', {}));
      expect(throttled.name).toBe('TooManyRequestsException');
      expect(throttled.$metadata?.httpStatusCode).toBe(429);
      expect(throttled.message).toBe('Rate Exceeded.');
      expect(throttled.Reason).toBe('ReservedFunctionConcurrentInvocationLimitExceeded');
      release();
      expect(typeof (await first).payload).toBe('number');
    } finally {
      barrier.closeAllConnections();
      await new Promise((resolve) => barrier.close(resolve));
    }
    // Once the first is done, there is room again.
    expect(typeof (await invokeJson(client, 'cc-reserved', {})).payload).toBe('number');

    await client.send(new DeleteFunctionConcurrencyCommand({ FunctionName: 'cc-reserved' }));
    expect((await client.send(new GetFunctionConcurrencyCommand({ FunctionName: 'cc-reserved' }))).ReservedConcurrentExecutions).toBeUndefined();
  });

  it('reaps environments that stay idle past the idle timeout', async () => {
    // 2 s, not less: two back-to-back invocations must stay within it even on a loaded machine
    // (with 150 ms a slow round trip let the reaper take the warm environment between them).
    const quick = await startLambdaTestServer({ tuning: { idleTimeoutMs: 2000 } });
    try {
      const client = quick.client();
      await createFunction(client, 'cc-reap', SLOW);
      const first = (await invokeJson(client, 'cc-reap')).payload as number;
      expect((await invokeJson(client, 'cc-reap')).payload).toBe(first);
      // Reaping ends the environment's process: wait for that instead of a fixed sleep, whose
      // end a late reaper timer could miss. Invoking meanwhile would keep it warm.
      const deadline = Date.now() + 25_000;
      while (processAlive(first) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(processAlive(first)).toBe(false);
      expect((await invokeJson(client, 'cc-reap')).payload).not.toBe(first);
    } finally {
      await quick.stop();
    }
  }, 60_000);

  it('throttles every invocation of a function with zero reserved concurrency', async () => {
    const client = server.client();
    await createFunction(client, 'cc-zero', SLOW);
    await client.send(new PutFunctionConcurrencyCommand({ FunctionName: 'cc-zero', ReservedConcurrentExecutions: 0 }));
    const throttled = await rejectionOf(invokeJson(client, 'cc-zero'));
    expect(throttled.name).toBe('TooManyRequestsException');
  });
});

/** Whether a process with this pid exists (signal 0 only checks). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
