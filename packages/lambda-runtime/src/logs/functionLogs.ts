export interface LogLine {
  /** ms since the epoch when the node received the line. */
  timestamp: number;
  message: string;
}

/**
 * One function's lines: `lines[head..]` are kept. Dropping the oldest line moves `head`; the
 * dropped prefix is cut off once it is half the array, so an append stays O(1) amortized (with
 * `shift()` a full 1 MB ring of ~10,000 lines moved them all on every line: 5% of the node's
 * CPU per invocation in a profile, for three platform lines each).
 */
interface Ring {
  lines: LogLine[];
  head: number;
  chars: number;
}

/**
 * The recent log lines of every function, a bounded ring per function (by total characters),
 * so `kuhiro logs` can tail a function without a log store.
 */
export class FunctionLogs {
  private readonly rings = new Map<string, Ring>();

  constructor(
    private readonly maxCharsPerFunction: number,
    private readonly now: () => number,
  ) {}

  append(tenant: string, functionName: string, message: string): void {
    const key = ringKey(tenant, functionName);
    let ring = this.rings.get(key);
    if (!ring) {
      ring = { lines: [], head: 0, chars: 0 };
      this.rings.set(key, ring);
    }
    ring.lines.push({ timestamp: this.now(), message });
    ring.chars += message.length;
    while (ring.chars > this.maxCharsPerFunction && ring.lines.length - ring.head > 1) ring.chars -= ring.lines[ring.head++]!.message.length;
    if (ring.head > 1024 && ring.head * 2 > ring.lines.length) {
      ring.lines = ring.lines.slice(ring.head);
      ring.head = 0;
    }
  }

  /** Lines newer than `sinceMs` (exclusive), at most the last `limit`. */
  tail(tenant: string, functionName: string, options: { sinceMs?: number; limit?: number } = {}): LogLine[] {
    const ring = this.rings.get(ringKey(tenant, functionName));
    const kept = ring ? ring.lines.slice(ring.head) : [];
    const lines = options.sinceMs === undefined ? kept : kept.filter((line) => line.timestamp > options.sinceMs!);
    return options.limit === undefined ? lines : lines.slice(-options.limit);
  }

  drop(tenant: string, functionName: string): void {
    this.rings.delete(ringKey(tenant, functionName));
  }
}

function ringKey(tenant: string, functionName: string): string {
  return `${tenant}\u0000${functionName}`;
}
