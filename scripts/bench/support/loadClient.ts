import http from 'node:http';
import { runRawLoad } from './rawHttpLoad.js';
import { driveLoad, type LoadResult } from './loadResult.js';
import type { SignedRequest } from './signedRequests.js';

export { percentile, type LoadResult } from './loadResult.js';

/**
 * The benches' load client: raw HTTP/1.1 over keep-alive sockets (rawHttpLoad.ts), which costs the
 * shared 2-core machine a fraction of node:http's ~0.2-0.3 ms of CPU per request (measured with the
 * dynamodb-items bench's instant-server ceiling); BENCH_CLIENT=node-http runs the node:http client.
 * Every target of a bench gets the same client.
 */
export const LOAD_CLIENT = process.env.BENCH_CLIENT === 'node-http' ? 'node:http keep-alive' : 'raw HTTP/1.1 keep-alive (rawHttpLoad)';

export function runLoad(endpoint: URL, requests: SignedRequest[], concurrency: number, maxSeconds: number): Promise<LoadResult> {
  return process.env.BENCH_CLIENT === 'node-http'
    ? runNodeHttpLoad(endpoint, requests, concurrency, maxSeconds)
    : runRawLoad(endpoint, requests, concurrency, maxSeconds);
}

/**
 * The load over node:http keep-alive (one Agent, a socket per loop). Costs ~0.2-0.3 ms of client
 * CPU per request on the bench machine, which is why it is no longer the default.
 */
export async function runNodeHttpLoad(endpoint: URL, requests: SignedRequest[], concurrency: number, maxSeconds: number): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  try {
    return await driveLoad(requests, concurrency, maxSeconds, () => (request) => send(endpoint, agent, request));
  } finally {
    agent.destroy();
  }
}

function send(endpoint: URL, agent: http.Agent, request: SignedRequest): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: endpoint.hostname, port: endpoint.port, method: 'POST', path: request.path, headers: request.headers, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(request.body);
  });
}
