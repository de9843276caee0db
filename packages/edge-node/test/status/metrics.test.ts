import { describe, it, expect } from '@jest/globals';
import { MAX_OPERATION_NAMES, OperationMetrics, countOperation, metricsFor } from '../../src/status/metrics.js';

describe('OperationMetrics', () => {
  it('averages ops/s over the last 10 whole seconds, leaving out the running second', () => {
    let now = 1_000_000;
    const metrics = new OperationMetrics(() => now);
    now += 20_000; // an old node: the full window applies
    for (let second = 0; second < 10; second++) {
      for (let i = 0; i < 5; i++) metrics.record('GetItem');
      metrics.record('PutItem');
      now += 1000;
    }
    for (let i = 0; i < 100; i++) metrics.record('GetItem'); // the running second: not yet counted
    const snapshot = metrics.snapshot();
    expect(snapshot.opsPerSecond).toBe(6);
    expect(snapshot.opsPerSecondByOperation).toEqual({ GetItem: 5, PutItem: 1 });
    expect(snapshot.totals).toEqual({ GetItem: 150, PutItem: 10 });
  });

  it('forgets seconds that left the window, and divides a young node by its age', () => {
    let now = 5_000_000;
    const metrics = new OperationMetrics(() => now);
    for (let i = 0; i < 8; i++) metrics.record('Query');
    now += 2000; // 2 whole seconds old
    expect(metrics.snapshot().opsPerSecond).toBe(4);
    now += 30_000;
    expect(metrics.snapshot().opsPerSecond).toBe(0);
    expect(metrics.snapshot().totals).toEqual({ Query: 8 });
  });

  it('caps the distinct operation names a client can create', () => {
    const metrics = new OperationMetrics();
    for (let i = 0; i < MAX_OPERATION_NAMES + 50; i++) metrics.record(`Bogus${i}`);
    const totals = metrics.snapshot().totals;
    expect(Object.keys(totals)).toHaveLength(MAX_OPERATION_NAMES + 1);
    expect(totals.Other).toBe(50);
  });

  it('keeps separate counters per node (per DynamoDB API object)', () => {
    const nodeA = {};
    const nodeB = {};
    countOperation(nodeA, 'Scan');
    countOperation(nodeA, 'Scan');
    countOperation(nodeB, 'Scan');
    expect(metricsFor(nodeA).snapshot().totals).toEqual({ Scan: 2 });
    expect(metricsFor(nodeB).snapshot().totals).toEqual({ Scan: 1 });
  });
});
