import { describe, expect, it } from '@jest/globals';
import { AdaptiveWindow } from '../../src/outbox/adaptiveWindow.js';

/**
 * Drives a window as PeerLink does, for new records at `arrivals` (ms): a period opens at the
 * first arrival with nothing pending, later arrivals join it until the window's `sendAt()`, and
 * it closes when its frame goes out. Returns the frames sent and the longest wait.
 */
function simulate(window: AdaptiveWindow, arrivals: number[]): { frames: number; worstWaitMs: number } {
  let frames = 0;
  let worstWaitMs = 0;
  let next = 0;
  while (next < arrivals.length) {
    const openedAt = arrivals[next++]!;
    window.open(openedAt);
    while (next < arrivals.length && arrivals[next]! <= window.sendAt()) window.arrive(arrivals[next++]!);
    worstWaitMs = Math.max(worstWaitMs, window.sendAt() - openedAt);
    window.close();
    frames++;
  }
  return { frames, worstWaitMs };
}

/** One period of `records` arrivals (1 ms apart from `at`); returns the window it had. */
function period(window: AdaptiveWindow, at: number, records: number): number {
  const windowMs = window.windowMs;
  window.open(at);
  for (let i = 1; i < records; i++) window.arrive(at + i);
  window.close();
  return windowMs;
}

describe('AdaptiveWindow', () => {
  it('sends a lone write after the base window', () => {
    const window = new AdaptiveWindow(5, 250);
    window.open(100);
    expect(window.sendAt()).toBe(105);
    window.close();
    expect(period(window, 200, 1)).toBe(5);
  });

  it('doubles the window while several writes arrive per period, up to the maximum', () => {
    const window = new AdaptiveWindow(5, 250);
    const windows = Array.from({ length: 9 }, (_, i) => period(window, i * 1000, 2));
    expect(windows).toEqual([5, 10, 20, 40, 80, 160, 250, 250, 250]);
  });

  it('goes back to the base window when a period sees one write (request/response traffic)', () => {
    const window = new AdaptiveWindow(5, 250);
    simulate(window, Array.from({ length: 2000 }, (_, i) => i)); // a spike grows it
    // The first write after the spike is alone: its frame goes after the idle flush, not 250 ms.
    expect(window.windowMs).toBe(250);
    window.open(10_000);
    expect(window.sendAt()).toBe(10_062.5);
    window.close();
    // Each next write waits for the last to be seen elsewhere: one write per period, base window.
    for (let write = 1; write <= 5; write++) expect(period(window, 10_000 + write * 100, 1)).toBe(5);
  });

  it('sends for an ACK within the base window without sizing anything', () => {
    const window = new AdaptiveWindow(5, 250);
    period(window, 0, 2); // grown to 10
    window.openForFlow(1000);
    window.close();
    expect(window.windowMs).toBe(10);
  });

  it('keeps a zero window at zero (tests that send at once)', () => {
    const window = new AdaptiveWindow(0, 250);
    period(window, 0, 2);
    expect(window.windowMs).toBe(0);
  });

  it('sends a 10,000-write spike (one new record per ms) in under 50 frames, nothing waiting past the maximum', () => {
    const { frames, worstWaitMs } = simulate(new AdaptiveWindow(5, 250), Array.from({ length: 10_000 }, (_, i) => i));
    expect(frames).toBeLessThan(50);
    expect(worstWaitMs).toBeLessThanOrEqual(250);
  });

  it('lets a pending frame go early after a quarter of the current window without arrivals', () => {
    const window = new AdaptiveWindow(5, 250);
    expect(window.idleFlushMs).toBe(10);
    simulate(window, Array.from({ length: 2000 }, (_, i) => i));
    expect(window.idleFlushMs).toBe(62.5);
  });
});
