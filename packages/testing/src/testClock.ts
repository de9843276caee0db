/**
 * The clock an in-process test node reads for its data and functions (TTL expiry, Lambda's
 * timestamps). It runs with real time plus an offset, so time keeps flowing between steps;
 * `advance` and `set` move the offset. SigV4 keeps real time, so SDK requests stay valid
 * however far the clock is moved.
 */
export class TestClock {
  private offsetMs = 0;

  /**
   * @param afterChange what the node does once the clock moved (sweep TTL-expired items); the
   *   promise of `advance`/`set` resolves after it.
   */
  constructor(
    private readonly afterChange: () => Promise<void>,
    /** Set when this node's clock cannot be controlled (a child process): why. */
    private readonly unsupported?: string,
  ) {}

  /** Milliseconds since the epoch, as the node sees them. */
  nowMs(): number {
    return Date.now() + this.offsetMs;
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  /** Moves the clock forward by `ms` (a negative value moves it back) and runs the node's catch-up. */
  async advance(ms: number): Promise<void> {
    this.checkSupported();
    if (!Number.isFinite(ms)) throw new TypeError(`clock.advance needs a finite number of milliseconds, not ${ms}`);
    this.offsetMs += ms;
    await this.afterChange();
  }

  /** Sets the clock to `date` (it keeps running from there) and runs the node's catch-up. */
  async set(date: Date | number | string): Promise<void> {
    this.checkSupported();
    const target = new Date(date).getTime();
    if (Number.isNaN(target)) throw new TypeError(`clock.set needs a valid date, not ${String(date)}`);
    this.offsetMs = target - Date.now();
    await this.afterChange();
  }

  /** Back to real time. */
  async reset(): Promise<void> {
    this.checkSupported();
    this.offsetMs = 0;
    await this.afterChange();
  }

  private checkSupported(): void {
    if (this.unsupported) throw new Error(this.unsupported);
  }
}
