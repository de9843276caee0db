import http from 'node:http';
import type { SignedRequest } from './signedRequests.js';

export interface LoadResult {
  requests: number;
  errors: number;
  firstError?: string;
  seconds: number;
  opsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * Sends pre-signed requests from `concurrency` loops over keep-alive connections (one socket per
 * loop) and times each request from write to the end of the response. Stops after all requests
 * or after `maxSeconds`, whichever comes first. Plain node:http with no SDK on the hot path, so the
 * client costs a few µs per request and is not what is being measured.
 */
export async function runLoad(endpoint: URL, requests: SignedRequest[], concurrency: number, maxSeconds: number): Promise<LoadResult> {
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
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const sorted = latenciesNs.map((ns) => Number(ns) / 1e6).sort((a, b) => a - b);
  return {
    requests: sorted.length,
    errors,
    firstError,
    seconds: round(seconds),
    opsPerSecond: round(sorted.length / seconds),
    p50Ms: round(percentile(sorted, 0.5)),
    p99Ms: round(percentile(sorted, 0.99)),
  };
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

/** Nearest-rank percentile of an ascending array. */
export function percentile(sortedAscending: number[], fraction: number): number {
  if (sortedAscending.length === 0) return NaN;
  const rank = Math.ceil(fraction * sortedAscending.length);
  return sortedAscending[Math.min(sortedAscending.length, Math.max(1, rank)) - 1]!;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
