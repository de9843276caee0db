import { describe, expect, it } from '@jest/globals';
import { HybridClock } from '../../src/network/hybridClock.js';

describe('HybridClock', () => {
  it('stamps increase even when the wall clock stands still or goes back', () => {
    let now = 1000;
    const clock = new HybridClock('edge-a', () => now);
    const first = clock.next();
    const second = clock.next();
    now = 500;
    const third = clock.next();
    expect(first < second && second < third).toBe(true);
  });

  it('stamps a change after an observed stamp from a node with a faster clock later than it', () => {
    const slow = new HybridClock('edge-a', () => 1000);
    const fast = new HybridClock('edge-b', () => 9000);
    const seen = fast.next();
    slow.observe(seen);
    expect(slow.next() > seen).toBe(true);
  });
});
