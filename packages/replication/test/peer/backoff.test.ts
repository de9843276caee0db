import { describe, it, expect } from '@jest/globals';
import { backoffDelay } from '../../src/peer/backoff.js';

describe('backoffDelay', () => {
  it('doubles from initialMs, is capped at maxMs, and jitters within the upper half', () => {
    const options = { initialMs: 100, maxMs: 5000 };
    expect([0, 1, 2, 3].map((attempt) => backoffDelay(attempt, options, () => 1))).toEqual([100, 200, 400, 800]);
    expect(backoffDelay(20, options, () => 1)).toBe(5000);
    expect(backoffDelay(20, options, () => 0)).toBe(2500);
    expect(backoffDelay(1000, options, () => 0.5)).toBe(3750);
  });
});
