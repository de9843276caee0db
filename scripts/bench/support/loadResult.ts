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
