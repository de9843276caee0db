import { describe, expect, it } from '@jest/globals';
import { AdaptiveWindow } from '../../src/outbox/adaptiveWindow.js';

/** Frames sent for writes arriving at `writesAt` (ms): each frame takes every write up to its send time. */
function framesFor(window: AdaptiveWindow, writesAt: number[]): { frames: number; worstWaitMs: number } {
  let frames = 0;
  let worstWaitMs = 0;
  let next = 0;
  while (next < writesAt.length) {
    const pendingSince = writesAt[next]!;
    const sendAt = pendingSince + window.delayAt(pendingSince);
    worstWaitMs = Math.max(worstWaitMs, sendAt - pendingSince);
    while (next < writesAt.length && writesAt[next]! <= sendAt) next++;
    window.sent(sendAt);
    frames++;
  }
  return { frames, worstWaitMs };
}

describe('AdaptiveWindow', () => {
  it('sends a lone write after the base window', () => {
    const window = new AdaptiveWindow(5, 250);
    expect(window.delayAt(0)).toBe(5);
    window.sent(5);
    expect(window.delayAt(1005)).toBe(5);
  });

  it('doubles the window while writes arrive right behind each frame, up to the maximum', () => {
    const window = new AdaptiveWindow(5, 250);
    let now = 0;
    const delays: number[] = [];
    for (let frame = 0; frame < 10; frame++) {
      const delay = window.delayAt(now);
      delays.push(delay);
      now += delay;
      window.sent(now);
      now += 1; // the next write, 1 ms after the frame
    }
    expect(delays).toEqual([5, 10, 20, 40, 80, 160, 250, 250, 250, 250]);
  });

  it('goes back to the base window for writes that follow a round trip (sequential writes)', () => {
    const window = new AdaptiveWindow(5, 250);
    // Warm it up to the maximum first, then one write every 60 ms (write, wait to see it elsewhere, write).
    framesFor(window, Array.from({ length: 2000 }, (_, i) => i));
    const writes = Array.from({ length: 20 }, (_, i) => 10_000 + i * 60);
    const { frames, worstWaitMs } = framesFor(window, writes);
    expect(frames).toBe(20);
    expect(worstWaitMs).toBe(5);
  });

  it('keeps a zero window at zero (tests that send at once)', () => {
    const window = new AdaptiveWindow(0, 250);
    window.sent(0);
    expect(window.delayAt(0)).toBe(0);
    expect(window.delayAt(1)).toBe(0);
  });

  it('sends a 10,000-write spike at 1,000 writes/s in under 50 frames, no write waiting past the maximum', () => {
    const { frames, worstWaitMs } = framesFor(new AdaptiveWindow(5, 250), Array.from({ length: 10_000 }, (_, i) => i));
    expect(frames).toBeLessThan(50);
    expect(worstWaitMs).toBeLessThanOrEqual(250);
  });

  it('lets a pending frame go early after a quarter of the current window without arrivals', () => {
    const window = new AdaptiveWindow(5, 250);
    expect(window.idleFlushMs).toBe(10);
    framesFor(window, Array.from({ length: 2000 }, (_, i) => i));
    expect(window.idleFlushMs).toBe(62.5);
  });
});
