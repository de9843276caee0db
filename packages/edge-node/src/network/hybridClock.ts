/**
 * Hybrid logical clock stamps for last-writer-wins catalog changes. A stamp is a string that
 * compares correctly with `<`: zero-padded wall-clock ms, a zero-padded counter, and the
 * origin node's name as the tie-breaker, so two PoPs that create the same table at the same
 * millisecond still pick one winner, the same one everywhere. Clocks may differ between
 * hosts: observing a peer's stamp moves this clock past it, so a change made after seeing
 * another is always stamped later than it.
 */
export class HybridClock {
  private wallMs = 0;
  private counter = 0;

  constructor(
    private readonly nodeName: string,
    private readonly now: () => number = Date.now,
  ) {}

  next(): string {
    const physical = this.now();
    if (physical > this.wallMs) {
      this.wallMs = physical;
      this.counter = 0;
    } else {
      this.counter++;
    }
    return formatStamp(this.wallMs, this.counter, this.nodeName);
  }

  observe(stamp: string): void {
    const parsed = parseStamp(stamp);
    if (!parsed) return;
    if (parsed.wallMs > this.wallMs || (parsed.wallMs === this.wallMs && parsed.counter > this.counter)) {
      this.wallMs = parsed.wallMs;
      this.counter = parsed.counter;
    }
  }
}

function formatStamp(wallMs: number, counter: number, node: string): string {
  return `${String(wallMs).padStart(15, '0')}.${String(counter).padStart(6, '0')}.${node}`;
}

function parseStamp(stamp: string): { wallMs: number; counter: number } | undefined {
  const match = /^(\d{15})\.(\d{6})\./.exec(stamp);
  if (!match) return undefined;
  return { wallMs: Number(match[1]), counter: Number(match[2]) };
}
