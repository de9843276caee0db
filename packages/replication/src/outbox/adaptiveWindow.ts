/** Updates per merged entry from which a frame counts as a hot-item spike. */
const HOT_MERGE_RATIO = 4;
/** A silence this many times the longest pause within a spike ends it (see idleFlushMs). */
const IDLE_FLUSH_GAPS = 3;

/**
 * How long a link gathers records before sending the next RECORDS frame, adapted to the
 * traffic. The signal is how many notifications of new records arrive while a frame is
 * pending (one "period"):
 * - while the window is at its base, records that follow a base window of quiet go at once
 *   (`sendAt()` = now: the timer only gathers what arrives in the same turn of the event loop,
 *   e.g. the writes one journal sync made durable). A lone write, or request/response traffic in
 *   which the next write waits for the last to be seen, thus never waits for a window;
 * - several arrivals per period (writes keep coming): the window doubles from the base (5 ms by
 *   default) up to `maxMs` (250 ms by default), so sustained traffic travels in a few frames per
 *   second per peer. While the frames merge many updates per item (a spike on a hot item: the Yjs
 *   updates of each item merge into one entry per frame), it goes on doubling up to `hotMaxMs`
 *   (1 s by default), so a 10,000-write spike on one item takes a few dozen frames per peer even
 *   when it lasts half a minute;
 * - one arrival in a period: back to the base window (a window beyond `maxMs`, which only a
 *   hot-item spike reaches, halves instead);
 * - nothing new for as long as the window (at least `maxMs`): the spike is over, the window is
 *   back to base at once.
 * A pending frame goes early once nothing new has arrived for `idleFlushMs` (three times the
 * longest pause within the spike, at least 10 ms, at most a quarter of the window): the end of a
 * spike does not wait out the whole window. Like Nagle's algorithm, but bounded: nothing waits
 * longer than `maxMs` (`hotMaxMs` during a hot-item spike).
 */
export class AdaptiveWindow {
  private current: number;
  private arrivals = 0;
  /** When the pending frame goes out at the latest, and when the last new records came. */
  private sendBy = 0;
  private lastArrivalAt = Number.NEGATIVE_INFINITY;

  /** The longest pause between arrivals in this period and in the one before (0 after a quiet spell). */
  private largestGap = 0;
  private previousLargestGap = 0;
  /** The last frame merged many updates per item (a hot-item spike): the window may grow to `hotMaxMs`. */
  private hot = false;

  constructor(
    private readonly baseMs: number,
    private readonly maxMs: number,
    private readonly hotMaxMs = maxMs,
  ) {
    this.current = baseMs;
  }

  /** New records became pending at `now`, with nothing pending before: a period starts. */
  open(now: number): void {
    const quietFor = now - this.lastArrivalAt;
    // A quiet spell as long as the window (at least the ordinary maximum): whatever spike grew it
    // is over. Shorter stalls (a slow journal sync on a busy disk) do not restart the growth.
    const over = quietFor >= Math.max(this.maxMs, this.current);
    if (over) this.current = this.baseMs;
    this.previousLargestGap = this.largestGap;
    this.largestGap = over ? 0 : quietFor;
    this.arrivals = 1;
    this.lastArrivalAt = now;
    // At the base window, after at least a base window of quiet, nothing suggests that more is
    // coming: send in this turn of the event loop. (Records closer together than that are a
    // stream: gather them, and let the window grow.)
    this.sendBy = this.current <= this.baseMs && quietFor >= this.baseMs ? now : now + this.current;
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
    this.largestGap = Math.max(this.largestGap, now - this.lastArrivalAt);
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
    const ceiling = this.hot ? this.hotMaxMs : this.maxMs;
    if (this.arrivals >= 2) this.current = Math.min(ceiling, Math.max(this.current * 2, this.baseMs));
    // A lone arrival: request/response traffic, which must not keep waiting for a window that an
    // earlier burst grew (measured: 4-5 writes each waited 12-63 ms more while it halved down).
    // Beyond `maxMs` only a hot-item spike got the window there: it halves instead, because under
    // load such a spike thins out (a slow journal sync) without ending, and regrowing from 5 ms
    // would cost a frame per step.
    else this.current = this.current > this.maxMs ? this.current / 2 : this.baseMs;
    this.arrivals = 0;
  }

  /**
   * What the frame just sent carried: `updates` item updates merged into `entries` entries. Waiting
   * longer than `maxMs` only pays where updates merge (many to one item: fewer frames, one merged
   * update applied per item at the receiver); for writes to distinct items it would only add lag.
   */
  frameMerged(updates: number, entries: number): void {
    if (entries === 0) return;
    this.hot = updates >= HOT_MERGE_RATIO * entries;
    if (!this.hot) this.current = Math.min(this.current, this.maxMs);
  }

  /** The window a period opened now would get, unless it follows a quiet spell. */
  get windowMs(): number {
    return this.current;
  }

  /**
   * How long a pending frame may see no new arrival before it goes out early: a silence several
   * times longer than the pauses within the spike so far (a smooth spike ends 10 ms after its
   * last write; one that arrives in journal-sync bursts 80 ms apart is not cut at every pause),
   * at most a quarter of the window.
   */
  get idleFlushMs(): number {
    return Math.max(10, Math.min(this.current / 4, IDLE_FLUSH_GAPS * Math.max(this.largestGap, this.previousLargestGap)));
  }
}
