import { describe, expect, it } from '@jest/globals';
import { AdaptiveWindow } from '../../src/outbox/adaptiveWindow.js';

/**
 * Drives a window as PeerLink does, for new records at `arrivals` (ms, a fake clock): a period
 * opens at the first arrival with nothing pending, later arrivals join it until the window's
 * `sendAt()`, and it closes when its frame goes out. Returns the frames sent and the longest wait.
 */
function simulate(window: AdaptiveWindow, arrivals: number[], items: 'one hot item' | 'distinct items' = 'one hot item'): { frames: number; worstWaitMs: number } {
  let frames = 0;
  let worstWaitMs = 0;
  let next = 0;
  while (next < arrivals.length) {
    const first = next;
    const openedAt = arrivals[next++]!;
    window.open(openedAt);
    while (next < arrivals.length && arrivals[next]! <= window.sendAt()) window.arrive(arrivals[next++]!);
    worstWaitMs = Math.max(worstWaitMs, window.sendAt() - openedAt);
    window.close();
    const updates = next - first;
    window.frameMerged(updates, items === 'one hot item' ? 1 : updates);
    frames++;
  }
  return { frames, worstWaitMs };
}

/** One period of `records` arrivals (1 ms apart from `at`); returns when its frame went, after `at`. */
function period(window: AdaptiveWindow, at: number, records: number): number {
  window.open(at);
  for (let i = 1; i < records; i++) window.arrive(at + i);
  const waited = window.sendAt() - at;
  window.close();
  return waited;
}

/** A spike of one new record per ms for `ms` from `at`. */
const spike = (at: number, ms: number): number[] => Array.from({ length: ms }, (_, i) => at + i);

describe('AdaptiveWindow', () => {
  it('sends the first write after a quiet spell at once', () => {
    const window = new AdaptiveWindow(5, 250);
    window.open(100);
    expect(window.sendAt()).toBe(100);
    window.close();
    expect(period(window, 200, 1)).toBe(0);
  });

  it('waits the grown window once writes come several per period', () => {
    const window = new AdaptiveWindow(5, 250);
    expect(period(window, 100, 3)).toBe(0); // the first frame goes at once...
    expect(window.windowMs).toBe(10); // ...but more came with it: gather the next ones
    window.open(103);
    expect(window.sendAt()).toBe(113);
  });

  it('doubles the window while several writes arrive per period, up to the maximum', () => {
    const window = new AdaptiveWindow(5, 250);
    const windows: number[] = [];
    let at = 0;
    for (let i = 0; i < 9; i++) {
      windows.push(window.windowMs);
      window.open(at);
      window.arrive(at + 1);
      at = window.sendAt();
      window.close();
      at += 1; // the next records come right after the frame: the spike goes on
    }
    expect(windows).toEqual([5, 10, 20, 40, 80, 160, 250, 250, 250]);
  });

  it('gathers the writes one journal sync made durable into the immediate frame, and grows', () => {
    const window = new AdaptiveWindow(5, 250);
    window.open(1000);
    for (let i = 0; i < 15; i++) window.arrive(1000);
    expect(window.sendAt()).toBe(1000);
    window.close();
    expect(window.windowMs).toBe(10);
  });

  it('goes back to the base window on a lone arrival after a burst (request/response after a stream)', () => {
    const window = new AdaptiveWindow(5, 250);
    simulate(window, spike(0, 2000), 'distinct items');
    expect(window.windowMs).toBe(250);
    window.open(2004); // 5 ms after the stream's last write: the frame waits the idle flush...
    expect(window.sendAt()).toBe(2004 + 15); // ...3 x that pause
    window.close();
    expect(window.windowMs).toBe(5);
    // The next write, 55 ms later (it waited to be seen elsewhere), goes at once.
    expect(period(window, 2074, 1)).toBe(0);
  });

  it('halves a hot window on a lone arrival while the spike goes on, instead of starting over', () => {
    const window = new AdaptiveWindow(5, 250, 1000);
    simulate(window, spike(0, 4000));
    expect(window.windowMs).toBe(1000);
    // A slow journal sync: one write after 100 ms of nothing, then the spike goes on.
    window.open(4099);
    expect(window.sendAt()).toBe(4099 + 250); // the idle flush: 3 x 100 ms, at most a quarter of 1 s
    window.close();
    expect(window.windowMs).toBe(500);
    const { frames } = simulate(window, spike(4170, 3000));
    expect(frames).toBeLessThanOrEqual(6);
    expect(window.windowMs).toBe(1000);
  });

  it('forgets a grown window after a quiet spell as long as the window: the next write goes at once', () => {
    const window = new AdaptiveWindow(5, 250);
    simulate(window, spike(0, 2000));
    expect(window.windowMs).toBe(250);
    window.open(1999 + 250);
    expect(window.sendAt()).toBe(1999 + 250);
    window.close();
    expect(window.windowMs).toBe(5);
    // Request/response traffic (each write waits for the last to be seen): every write at once.
    for (let write = 1; write <= 5; write++) expect(period(window, 3000 + write * 60, 1)).toBe(0);
  });

  it('sends for an ACK within the base window without sizing anything', () => {
    const window = new AdaptiveWindow(5, 250);
    period(window, 0, 2); // grown to 10
    window.openForFlow(1000);
    expect(window.sendAt()).toBeLessThanOrEqual(1005);
    window.close();
    expect(window.windowMs).toBe(10);
  });

  it('keeps a zero window at zero (tests that send at once)', () => {
    const window = new AdaptiveWindow(0, 250);
    period(window, 0, 2);
    expect(window.windowMs).toBe(0);
    window.open(0.5);
    expect(window.sendAt()).toBe(0.5);
  });

  it('sends a 10,000-write spike (one new record per ms) in under 50 frames, nothing waiting past the maximum', () => {
    const { frames, worstWaitMs } = simulate(new AdaptiveWindow(5, 250), spike(0, 10_000));
    expect(frames).toBeLessThan(50);
    expect(worstWaitMs).toBeLessThanOrEqual(250);
  });

  it('sends a slow, bursty hot-item spike (16 writes per journal sync, syncs 5..80 ms apart: 26 s) in under 50 frames', () => {
    const arrivals: number[] = [];
    for (let sync = 0, at = 0; arrivals.length < 10_000; sync++) {
      at += 5 + ((sync * 37) % 76); // deterministic, irregular
      for (let i = 0; i < 16 && arrivals.length < 10_000; i++) arrivals.push(at);
    }
    expect(arrivals.at(-1)).toBeGreaterThan(25_000);
    const { frames, worstWaitMs } = simulate(new AdaptiveWindow(5, 250, 1000), arrivals);
    expect(frames).toBeLessThan(50);
    expect(worstWaitMs).toBeLessThanOrEqual(1000);
  });

  it('grows past the ordinary maximum only while frames merge many updates per item', () => {
    const distinct = new AdaptiveWindow(5, 250, 1000);
    simulate(distinct, spike(0, 5000), 'distinct items');
    expect(distinct.windowMs).toBe(250);
    const hot = new AdaptiveWindow(5, 250, 1000);
    simulate(hot, spike(0, 5000), 'one hot item');
    expect(hot.windowMs).toBe(1000);
    // The traffic turns to distinct items: back under the ordinary maximum at the next frame.
    simulate(hot, spike(5001, 300), 'distinct items');
    expect(hot.windowMs).toBeLessThanOrEqual(250);
  });

  it('rides out a 400 ms stall inside a hot spike without starting over from the base window', () => {
    const window = new AdaptiveWindow(5, 250, 1000);
    simulate(window, spike(0, 2000));
    expect(window.windowMs).toBe(1000);
    window.open(2400);
    expect(window.sendAt()).toBe(2400 + 250); // a quarter of the window: the stall counts as a pause
    window.arrive(2401);
    window.close();
    expect(window.windowMs).toBe(1000);
  });

  it('ends a smooth spike 10 ms after its last write, and forgets it after a quiet spell', () => {
    const window = new AdaptiveWindow(5, 250, 1000);
    simulate(window, spike(0, 4000));
    expect(window.windowMs).toBe(1000);
    window.open(4000);
    window.arrive(4001);
    expect(window.sendAt()).toBe(4011);
    window.close();
    window.open(5100); // 1.1 s after the spike's last write
    expect(window.sendAt()).toBe(5100);
    window.close();
    expect(window.windowMs).toBe(5);
  });

  it('lets a pending frame go early after three times the longest pause so far, within a quarter of the window', () => {
    const window = new AdaptiveWindow(5, 250);
    expect(window.idleFlushMs).toBe(10);
    simulate(window, spike(0, 2000));
    expect(window.idleFlushMs).toBe(10); // pauses of 1 ms
    window.open(2015);
    expect(window.idleFlushMs).toBe(3 * 16);
    window.arrive(2115);
    expect(window.idleFlushMs).toBe(62.5); // 3 x 100 ms, capped at a quarter of 250 ms
  });
});
