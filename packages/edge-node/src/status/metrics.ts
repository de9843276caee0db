/**
 * Requests per DynamoDB operation, counted in the hot path for the status page's ops/s.
 *
 * The hot path knows its node by the DynamoDB API object it dispatches to, so the counters are
 * kept per API object: two nodes in one process (tests, in-process networks) never mix counts,
 * and the hot path needs no new dependency wired through startNode. Counting costs one WeakMap
 * lookup, one Date.now() and two Map updates per request.
 */

/** Ops/s is averaged over this many whole seconds (the current, partial second is left out). */
export const RATE_WINDOW_SECONDS = 10;
/**
 * DynamoDB has about 60 operations; any name is counted (unknown ones are answered by the API),
 * so past this many distinct names the rest count as 'Other' and a client cannot grow the map.
 */
export const MAX_OPERATION_NAMES = 100;

export interface OperationMetricsSnapshot {
  /** When counting began (the first request, or when the status page first asked), ms since epoch. */
  sinceMs: number;
  /** Requests per operation since the node started. */
  totals: Record<string, number>;
  /** Requests per second over the last RATE_WINDOW_SECONDS whole seconds, all operations. */
  opsPerSecond: number;
  /** The same, per operation (operations seen in the window only). */
  opsPerSecondByOperation: Record<string, number>;
}

export class OperationMetrics {
  private readonly totals = new Map<string, number>();
  /** Per-second buckets of the recent window, keyed by whole second since epoch. */
  private readonly seconds = new Map<number, Map<string, number>>();
  readonly sinceMs: number;

  constructor(private readonly now: () => number = Date.now) {
    this.sinceMs = now();
  }

  record(name: string): void {
    const operation = this.totals.has(name) || this.totals.size < MAX_OPERATION_NAMES ? name : 'Other';
    this.totals.set(operation, (this.totals.get(operation) ?? 0) + 1);
    const second = Math.floor(this.now() / 1000);
    let bucket = this.seconds.get(second);
    if (!bucket) {
      bucket = new Map();
      this.seconds.set(second, bucket);
      this.dropOldBuckets(second);
    }
    bucket.set(operation, (bucket.get(operation) ?? 0) + 1);
  }

  snapshot(): OperationMetricsSnapshot {
    const current = Math.floor(this.now() / 1000);
    this.dropOldBuckets(current);
    const inWindow: Record<string, number> = {};
    let all = 0;
    for (const [second, bucket] of this.seconds) {
      if (second >= current) continue; // the running second is incomplete
      for (const [operation, count] of bucket) {
        inWindow[operation] = (inWindow[operation] ?? 0) + count;
        all += count;
      }
    }
    // A node younger than the window divides by the whole seconds it has lived, not by 10.
    const lived = Math.max(1, Math.min(RATE_WINDOW_SECONDS, current - Math.floor(this.sinceMs / 1000)));
    const byOperation: Record<string, number> = {};
    for (const [operation, count] of Object.entries(inWindow)) byOperation[operation] = round2(count / lived);
    return {
      sinceMs: this.sinceMs,
      totals: Object.fromEntries([...this.totals].sort(([a], [b]) => a.localeCompare(b))),
      opsPerSecond: round2(all / lived),
      opsPerSecondByOperation: byOperation,
    };
  }

  private dropOldBuckets(currentSecond: number): void {
    for (const second of this.seconds.keys()) if (second < currentSecond - RATE_WINDOW_SECONDS) this.seconds.delete(second);
  }
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

const metricsByApi = new WeakMap<object, OperationMetrics>();

/** The counters of the node whose DynamoDB API object this is (created on first use). */
export function metricsFor(api: object): OperationMetrics {
  let metrics = metricsByApi.get(api);
  if (!metrics) {
    metrics = new OperationMetrics();
    metricsByApi.set(api, metrics);
  }
  return metrics;
}

/** The hot path's one call: one more request of `operation` at the node owning `api`. */
export function countOperation(api: object, operation: string): void {
  metricsFor(api).record(operation);
}
