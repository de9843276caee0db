import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { percentile, runLoad } from '../../../bench/support/loadClient.js';
import type { SignedRequest } from '../../../bench/support/signedRequests.js';

describe('percentile', () => {
  it('takes the nearest rank of an ascending array', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 0.5)).toBe(50);
    expect(percentile(values, 0.99)).toBe(99);
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([], 0.5)).toBeNaN();
  });
});

describe('runLoad', () => {
  let server: http.Server;
  let endpoint: URL;
  const seenBodies: string[] = [];
  let connections = 0;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString();
        seenBodies.push(body);
        // Every fifth request fails, so error counting is visible.
        res.statusCode = body.endsWith('4}') ? 400 : 200;
        res.end('{"message":"answer"}');
      });
    });
    server.on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends every request once over at most `concurrency` keep-alive connections and counts failures', async () => {
    const requests: SignedRequest[] = Array.from({ length: 50 }, (_, i) => ({
      path: '/',
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(JSON.stringify({ i })),
    }));
    const result = await runLoad(endpoint, requests, 4, 30);
    expect(result.requests).toBe(50);
    expect(result.errors).toBe(5);
    expect(result.firstError).toMatch(/^400 /);
    expect(new Set(seenBodies)).toEqual(new Set(requests.map((r) => r.body.toString())));
    expect(connections).toBeLessThanOrEqual(4);
    expect(result.p50Ms).toBeGreaterThan(0);
    expect(result.p99Ms).toBeGreaterThanOrEqual(result.p50Ms);
  });

  it('counts a refused connection as an error instead of throwing', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const result = await runLoad(new URL(`http://127.0.0.1:${port}`), [{ path: '/', headers: {}, body: Buffer.from('{}') }], 1, 5);
    expect(result.errors).toBe(1);
    expect(result.firstError).toMatch(/ECONNREFUSED/);
  });
});
