import { describe, it, expect } from '@jest/globals';
import { goalsFrom, type Row } from '../../../bench/support/goals.js';

const row = (operation: Row['operation'], concurrency: number, opsPerSecond: number, p99Ms: number, errors = 0): Row => ({
  operation,
  concurrency,
  opsPerSecond,
  p99Ms,
  p50Ms: p99Ms / 2,
  errors,
  requests: 1000,
  seconds: 1,
});

describe('goalsFrom', () => {
  it('checks 2x throughput and half p99 on the concurrency 16 and 64 rows only', () => {
    const node = [row('PutItem', 1, 1, 100), row('PutItem', 16, 2000, 5), row('PutItem', 64, 1999, 5)];
    const dynalite = [row('PutItem', 1, 1000, 1), row('PutItem', 16, 1000, 10), row('PutItem', 64, 1000, 9.9)];
    const goals = goalsFrom(node, dynalite);
    expect(goals.map((goal) => [goal.name, goal.met])).toEqual([
      ["PutItem at concurrency 16: at least 2x dynalite's throughput", true],
      ["PutItem at concurrency 16: at most half dynalite's p99 latency", true],
      ["PutItem at concurrency 64: at least 2x dynalite's throughput", false],
      ["PutItem at concurrency 64: at most half dynalite's p99 latency", false],
    ]);
    expect(goals[0]).toMatchObject({ target: '>= 2000 ops/s', measured: '2000 ops/s (dynalite 1000)' });
  });

  it('never counts a row with failed requests as met', () => {
    const goals = goalsFrom([row('GetItem', 16, 5000, 1, 3)], [row('GetItem', 16, 1000, 10)]);
    expect(goals.every((goal) => !goal.met)).toBe(true);
    expect(goals[0]!.measured).toMatch(/with errors$/);
  });
});
