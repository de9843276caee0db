/**
 * How long a link gathers records before sending the next RECORDS frame, adapted to the
 * traffic. The signal is how many notifications of new records arrive while a frame is
 * pending (one "period"):
 * - one (a lone write, or request/response traffic where the next write waits for the last to
 *   be seen): the next period uses the base window (5 ms by default), so such writes are
 *   visible at the other PoPs within the one-way delay plus a few ms;
 * - several (writes keep coming): the window doubles, up to the maximum (250 ms by default),
 *   so a sustained spike on one item travels as a few dozen merged frames per peer instead of
 *   one every 5 ms (the Yjs updates of each item merge into one entry per frame).
 * A pending frame goes early once nothing new has arrived for `idleFlushMs` (a quarter of the
 * window, at least 10 ms): the end of a spike does not wait out the whole window. Like
 * Nagle's algorithm, but bounded: nothing waits longer than the maximum window.
 */
export class AdaptiveWindow {
  private current: number;
  private arrivals = 0;
  /** When the pending frame goes out at the latest, and when the last new records came. */
  private sendBy = 0;
  private lastArrivalAt = 0;

  constructor(
    private readonly baseMs: number,
    private readonly maxMs: number,
  ) {
    this.current = baseMs;
  }

  /** New records became pending at `now`, with nothing pending before: a period starts. */
  open(now: number): void {
    this.arrivals = 1;
    this.lastArrivalAt = now;
    this.sendBy = now + this.current;
  }

  /**
   * Nothing new, but the peer's ACK or VECTOR may let held-back records go: send within the base
   * window, without opening a period (it sizes nothing).
   */
  openForFlow(now: number): void {
    this.sendBy = now + this.baseMs;
  }

  /** More new records became pending at `now`, during the period. */
  arrive(now: number): void {
    this.arrivals++;
    this.lastArrivalAt = now;
  }

  /** When the pending frame goes: the window's end, or earlier once arrivals pause for `idleFlushMs`. */
  sendAt(): number {
    return Math.min(this.sendBy, this.lastArrivalAt + this.idleFlushMs);
  }

  /** The period's frame went out (or there was nothing to send): size the next period. */
  close(): void {
    // A send with no period open (the peer's ACK let held-back records go) sizes nothing.
    if (this.arrivals === 0) return;
    this.current = this.arrivals >= 2 ? Math.min(this.maxMs, Math.max(this.current * 2, this.baseMs)) : this.baseMs;
    this.arrivals = 0;
  }

  /** The window a period opened now would get. */
  get windowMs(): number {
    return this.current;
  }

  /** How long a pending frame may see no new arrival before it goes out early. */
  get idleFlushMs(): number {
    return Math.max(10, this.current / 4);
  }
}
