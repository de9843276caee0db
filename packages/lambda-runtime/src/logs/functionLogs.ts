export interface LogLine {
  /** ms since the epoch when the node received the line. */
  timestamp: number;
  message: string;
}

/**
 * The recent log lines of every function, a bounded ring per function (by total characters),
 * so `kuhiro logs` can tail a function without a log store.
 */
export class FunctionLogs {
  private readonly rings = new Map<string, { lines: LogLine[]; chars: number }>();

  constructor(
    private readonly maxCharsPerFunction: number,
    private readonly now: () => number,
  ) {}

  append(tenant: string, functionName: string, message: string): void {
    const key = ringKey(tenant, functionName);
    let ring = this.rings.get(key);
    if (!ring) {
      ring = { lines: [], chars: 0 };
      this.rings.set(key, ring);
    }
    ring.lines.push({ timestamp: this.now(), message });
    ring.chars += message.length;
    while (ring.chars > this.maxCharsPerFunction && ring.lines.length > 1) ring.chars -= ring.lines.shift()!.message.length;
  }

  /** Lines newer than `sinceMs` (exclusive), at most the last `limit`. */
  tail(tenant: string, functionName: string, options: { sinceMs?: number; limit?: number } = {}): LogLine[] {
    const lines = (this.rings.get(ringKey(tenant, functionName))?.lines ?? []).filter((line) => options.sinceMs === undefined || line.timestamp > options.sinceMs);
    return options.limit === undefined ? [...lines] : lines.slice(-options.limit);
  }

  drop(tenant: string, functionName: string): void {
    this.rings.delete(ringKey(tenant, functionName));
  }
}

function ringKey(tenant: string, functionName: string): string {
  return `${tenant}\u0000${functionName}`;
}
