import type { SignedRequest } from './signedRequests.js';

/** How one loop sends a request: the response's status and body, or a throw (counted as an error). */
export type SendRequest = (request: SignedRequest) => Promise<{ status: number; body: string }>;

/**
 * Sends `requests` from `concurrency` loops, each with its own sender (`senderForLoop`), timing each
 * request from send to the end of its response; stops after all requests or `maxSeconds`.
 */
export async function driveLoad(requests: SignedRequest[], concurrency: number, maxSeconds: number, senderForLoop: () => SendRequest): Promise<LoadResult> {
  const latenciesNs: bigint[] = [];
  let next = 0;
  let errors = 0;
  let firstError: string | undefined;
  const deadline = process.hrtime.bigint() + BigInt(Math.round(maxSeconds * 1e9));
  const started = process.hrtime.bigint();
  const loop = async (): Promise<void> => {
    const send = senderForLoop();
    while (next < requests.length && process.hrtime.bigint() < deadline) {
      const request = requests[next++]!;
      const t0 = process.hrtime.bigint();
      try {
        const { status, body } = await send(request);
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
  await Promise.all(Array.from({ length: concurrency }, loop));
  return summarizeLoad(latenciesNs, errors, firstError, started);
}

/** What one load run measured: completed requests, errors, and latency percentiles in ms. */
export interface LoadResult {
  requests: number;
  errors: number;
  firstError?: string;
  seconds: number;
  opsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sortedAscending: number[], fraction: number): number {
  if (sortedAscending.length === 0) return NaN;
  const rank = Math.ceil(fraction * sortedAscending.length);
  return sortedAscending[Math.min(sortedAscending.length, Math.max(1, rank)) - 1]!;
}

/** The result of a run that started at `startedNs` (process.hrtime.bigint) and timed each request. */
export function summarizeLoad(latenciesNs: bigint[], errors: number, firstError: string | undefined, startedNs: bigint): LoadResult {
  const seconds = Number(process.hrtime.bigint() - startedNs) / 1e9;
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

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
