import http from 'node:http';
import { runRawLoad } from './rawHttpLoad.js';
import { summarizeLoad, type LoadResult } from './loadResult.js';
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
 * Sends pre-signed requests from `concurrency` loops over keep-alive connections (one socket per
 * loop) and times each request from write to the end of the response. Stops after all requests
 * or after `maxSeconds`, whichever comes first. Plain node:http with no SDK on the hot path, so the
 * client costs a few µs per request and is not what is being measured.
 */
export async function runNodeHttpLoad(endpoint: URL, requests: SignedRequest[], concurrency: number, maxSeconds: number): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latenciesNs: bigint[] = [];
  let next = 0;
  let errors = 0;
  let firstError: string | undefined;
  const deadline = process.hrtime.bigint() + BigInt(Math.round(maxSeconds * 1e9));
  const started = process.hrtime.bigint();
  const loop = async (): Promise<void> => {
    while (next < requests.length && process.hrtime.bigint() < deadline) {
      const request = requests[next++]!;
      const t0 = process.hrtime.bigint();
      try {
        const { status, body } = await send(endpoint, agent, request);
        latenciesNs.push(process.hrtime.bigint() - t0);
        if (status !== 200) {
          errors++;
          firstError ??= `${status} ${body.slice(0, 300)}`;
        }
      } catch (error) {
        // A refused or reset connection counts as a failed request, not a crashed benchmark.
        errors++;
        firstError ??= (error as Error).message;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, loop));
  } finally {
    agent.destroy();
  }
  return summarizeLoad(latenciesNs, errors, firstError, started);
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
