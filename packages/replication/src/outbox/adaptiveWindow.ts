/**
 * How long a link waits before sending the next RECORDS frame, adapted to the traffic:
 * - a write that comes after a quiet spell (nothing sent for more than twice the base window,
 *   at least 10 ms) goes out after the base window (5 ms by default), so sparse writes are
 *   visible at the other PoPs within one-way delay + a few ms;
 * - while writes keep arriving right behind the frame just sent, the window doubles up to the
 *   maximum (250 ms by default), so a sustained spike on one item — 10,000 writes in a few
 *   seconds — travels as a few dozen merged frames per peer instead of one every 5 ms (the Yjs
 *   updates of each item merge into one entry per frame).
 * Like Nagle's algorithm, but bounded: no write waits longer than the maximum window, and the
 * link sends early once writes pause for the quiet gap (the end of a spike does not wait out
 * the whole window: PeerLink checks `quietGapMs` after the last arrival).
 * Times are real milliseconds (performance.now()), because the delay is a real timer.
 */
export class AdaptiveWindow {
  private current: number;
  private lastSentAt = Number.NEGATIVE_INFINITY;
  /** Writes further apart than this after a frame count as a quiet spell (and end a spike). */
  readonly quietGapMs: number;

  constructor(
    private readonly baseMs: number,
    private readonly maxMs: number,
  ) {
    this.current = baseMs;
    this.quietGapMs = Math.max(2 * baseMs, 10);
  }

  /** The delay before sending what became pending at `now`. */
  delayAt(now: number): number {
    const busy = now - this.lastSentAt <= this.quietGapMs;
    this.current = busy ? Math.min(this.maxMs, Math.max(this.current * 2, this.baseMs)) : this.baseMs;
    return this.current;
  }

  /**
   * How long a pending frame may see no new arrival before it goes out early: a quarter of the
   * current window (62 ms at 250), at least the quiet gap. Shorter would cut a spike into many
   * frames, as a loaded node commits a spike's writes in bursts some 10-30 ms apart.
   */
  get idleFlushMs(): number {
    return Math.max(this.quietGapMs, this.current / 4);
  }

  /** A RECORDS frame went out at `now`. */
  sent(now: number): void {
    this.lastSentAt = now;
  }
}
