import type { LoadResult } from './loadClient.js';

export interface Row extends LoadResult {
  operation: 'PutItem' | 'GetItem' | 'UpdateItem';
  concurrency: number;
}

export interface Goal {
  name: string;
  target: string;
  measured: string;
  met: boolean;
}

/**
 * The items benchmark's goals: on every row at concurrency 16 and 64, at least 2x dynalite's
 * throughput and at most half its p99. A row with failed requests on either side never meets them.
 */
export function goalsFrom(nodeRows: Row[], dynaliteRows: Row[]): Goal[] {
  const goals: Goal[] = [];
  for (const nodeRow of nodeRows.filter((row) => row.concurrency >= 16)) {
    const peer = dynaliteRows.find((row) => row.operation === nodeRow.operation && row.concurrency === nodeRow.concurrency)!;
    const clean = nodeRow.errors === 0 && peer.errors === 0;
    const where = `${nodeRow.operation} at concurrency ${nodeRow.concurrency}`;
    goals.push({
      name: `${where}: at least 2x dynalite's throughput`,
      target: `>= ${Math.round(2 * peer.opsPerSecond)} ops/s`,
      measured: `${Math.round(nodeRow.opsPerSecond)} ops/s (dynalite ${Math.round(peer.opsPerSecond)})${clean ? '' : ', with errors'}`,
      met: clean && nodeRow.opsPerSecond >= 2 * peer.opsPerSecond,
    });
    goals.push({
      name: `${where}: at most half dynalite's p99 latency`,
      target: `<= ${peer.p99Ms / 2} ms`,
      measured: `${nodeRow.p99Ms} ms (dynalite ${peer.p99Ms} ms)${clean ? '' : ', with errors'}`,
      met: clean && nodeRow.p99Ms <= peer.p99Ms / 2,
    });
  }
  return goals;
}
