import { describe, expect, it } from '@jest/globals';
import { AdaptiveWindow } from '../../src/outbox/adaptiveWindow.js';

/**
 * Drives a window as PeerLink does, for notifications at `arrivals` (ms): a period opens at the
 * first arrival with nothing pending and closes when its frame goes out (at the window's end,
 * or once no arrival came for idleFlushMs). Returns the frames sent and the longest wait.
 */
function simulate(window: AdaptiveWindow, arrivals: number[]): { frames: number; worstWaitMs: number } {
  let frames = 0;
  let worstWaitMs = 0;
  let next = 0;
  while (next < arrivals.length) {
    const openedAt = arrivals[next++]!;
    const sendBy = openedAt + window.open();
    let last = openedAt;
    while (next < arrivals.length && arrivals[next]! <= Math.min(sendBy, last + window.idleFlushMs)) {
      last = arrivals[next++]!;
      window.arrive();
    }
    const sentAt = Math.min(sendBy, last + window.idleFlushMs);
    worstWaitMs = Math.max(worstWaitMs, sentAt - openedAt);
    window.close();
    frames++;
  }
  return { frames, worstWaitMs };
}

describe('AdaptiveWindow', () => {
  it('sends a lone write after the base window', () => {
    const window = new AdaptiveWindow(5, 250);
    expect(window.open()).toBe(5);
    window.close();
    expect(window.open()).toBe(5);
  });

  it('doubles the window while several writes arrive per period, up to the maximum', () => {
    const window = new AdaptiveWindow(5, 250);
    const windows: number[] = [];
    for (let period = 0; period < 9; period++) {
      windows.push(window.open());
      window.arrive();
      window.close();
    }
    expect(windows).toEqual([5, 10, 20, 40, 80, 160, 250, 250, 250]);
  });

  it('goes back to the base window when a period sees one write (request/response traffic)', () => {
    const window = new AdaptiveWindow(5, 250);
    simulate(window, Array.from({ length: 2000 }, (_, i) => i)); // a spike grows it
    // The first write after the spike is alone: its frame goes after the idle flush, not 250 ms.
    expect(window.open()).toBe(250);
    expect(window.idleFlushMs).toBe(62.5);
    window.close();
    // Each next write waits for the last to be seen elsewhere: one write per period, base window.
    for (let write = 0; write < 5; write++) {
      expect(window.open()).toBe(5);
      window.close();
    }
  });

  it('keeps a zero window at zero (tests that send at once)', () => {
    const window = new AdaptiveWindow(0, 250);
    window.open();
    window.arrive();
    window.close();
    expect(window.open()).toBe(0);
  });

  it('sends a 10,000-write spike (one notification per ms) in under 50 frames, nothing waiting past the maximum', () => {
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
