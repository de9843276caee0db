/**
 * Sequence numbers are decimal strings, node-wide increasing, of a fixed width so that string
 * order is numeric order. They start from the clock (ms x 10^6), so they keep increasing across
 * restarts even if the stream files were lost. AWS's are 21-40 digits; ours are 24.
 */
export const SEQUENCE_DIGITS = 24;

export class SequenceNumbers {
  private last = 0n;

  constructor(private readonly now: () => number) {}

  /** Makes sure future numbers are above one already handed out (after loading the logs). */
  observe(sequenceNumber: string): void {
    const value = BigInt(sequenceNumber);
    if (value > this.last) this.last = value;
  }

  next(): string {
    const fromClock = BigInt(Math.floor(this.now())) * 1_000_000n;
    this.last = fromClock > this.last ? fromClock : this.last + 1n;
    return formatSequenceNumber(this.last);
  }
}

export function formatSequenceNumber(value: bigint): string {
  return value.toString().padStart(SEQUENCE_DIGITS, '0');
}

/** A client-given sequence number normalized to our width, or undefined if it is not one. */
export function parseSequenceNumber(text: string): string | undefined {
  if (!/^\d{1,40}$/.test(text)) return undefined;
  return formatSequenceNumber(BigInt(text));
}
