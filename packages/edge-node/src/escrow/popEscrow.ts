import { randomUUID } from 'node:crypto';
import type { Decrement } from './counterDecrements.js';
import { escrowId } from './escrowId.js';
import type { EscrowAnswer, EscrowMessage } from './escrowMessages.js';
import { HolderFile } from './holderFile.js';

export interface PopEscrowOptions {
  nodeName: string;
  /** Sends one escrow message to central; rejects when central is unreachable. */
  send: (request: EscrowMessage) => Promise<EscrowAnswer>;
  /**
   * Where this PoP records its holders (HolderFile), so a restart hands back what a killed
   * process held. Without it a killed process's escrow stays parked at central for good.
   */
  holdersFile?: string;
  /** Default true. Simulations that restart PoPs thousands of times turn the fsyncs off. */
  holdersFileFsync?: boolean;
  /** This PoP's own replication seq (vector[nodeName]): covers every write committed so far. */
  ownSeq: () => number;
  /** Background work: refills, reports and returns (default 250 ms). */
  tickMs?: number;
  /** Unused escrow of a counter not decremented for this long goes back to central (default 2000 ms). */
  idleReturnMs?: number;
  /** A refill asks for this many times the last decrement's quantity (default 16). */
  refillFactor?: number;
  now?: () => number;
  onError?: (err: unknown) => void;
}

/** What this PoP holds of one counter. All cumulative except `reserved`. */
interface Holding {
  decrement: Omit<Decrement, 'quantity' | 'position'> & { tenant: string };
  granted: number;
  consumed: number;
  returned: number;
  /** Taken by requests in flight; consumed on success, released on failure. */
  reserved: number;
  lastQuantity: number;
  lastUsedAt: number;
  reported: { granted: number; consumed: number; returned: number };
  /** The message to central under way, if any. */
  inFlight: Promise<void> | undefined;
}

export interface Reservation {
  holdings: Array<{ holding: Holding; quantity: number }>;
}

const available = (h: Holding) => h.granted - h.consumed - h.returned - h.reserved;

/**
 * The PoP's side of escrow. A decrement is served locally when this PoP holds enough escrow
 * (all-or-nothing for a request with several); a refill is asked in the background when a
 * holding runs low, unused escrow goes back after `idleReturnMs`, and consumption is reported
 * with the seq that covers it. Holdings live in memory under a per-process holder id
 * (`pop/epoch`): a restarted PoP starts with none, so no share is ever used twice; it retires
 * the holders of its earlier processes at central (from `holdersFile`), which frees what they
 * held and did not use once central has replicated their writes (see README).
 */
export class PopEscrow {
  readonly holder: string;
  private readonly holdings = new Map<string, Holding>();
  private readonly timer: NodeJS.Timeout;
  private readonly now: () => number;
  private closed = false;
  /** Decrements served from escrow / forwarded for lack of it (for reports and tests). */
  readonly counts = { local: 0, forwarded: 0 };
  private readonly holderFile: HolderFile | undefined;
  /** Holders of earlier processes on this data dir, not yet retired at central. */
  private predecessors: string[] = [];
  private retiring = false;

  constructor(private readonly options: PopEscrowOptions) {
    this.holder = `${options.nodeName}/${randomUUID().slice(0, 8)}`;
    this.now = options.now ?? Date.now;
    if (options.holdersFile) {
      // Durable before this holder can be granted anything (synchronously, before any request).
      this.holderFile = new HolderFile(options.holdersFile, this.holder, options.holdersFileFsync ?? true);
      this.predecessors = [...this.holderFile.predecessors];
    }
    this.timer = setInterval(() => this.tick(), options.tickMs ?? 250);
    this.timer.unref();
    this.retirePredecessors();
  }

  /**
   * Hands back what earlier processes held: their writes are all at or below this PoP's seq
   * now (they are gone), so central frees their unused escrow once it has replicated that far.
   * Retried every tick until central has recorded it.
   */
  private retirePredecessors(): void {
    if (this.closed || this.retiring || this.predecessors.length === 0) return;
    const retire = [...this.predecessors];
    this.retiring = true;
    this.options.send({ kind: 'escrow', holder: this.holder, retire, atSeq: this.options.ownSeq() }).then(
      () => {
        this.holderFile?.forget(retire);
        this.predecessors = this.predecessors.filter((holder) => !retire.includes(holder));
      },
      (err: unknown) => this.options.onError?.(err),
    ).finally(() => (this.retiring = false));
  }

  /**
   * Takes escrow for every decrement, or for none. On a miss it first asks central for a
   * refill (joining one already in flight): that costs the same round trip as forwarding the
   * write, and afterwards the write and the next ones are served locally. Undefined: central
   * granted too little (or is unreachable), so the write must be forwarded.
   */
  async reserve(tenant: string, decrements: Decrement[]): Promise<Reservation | undefined> {
    const wanted = this.wanted(tenant, decrements);
    let reservation = this.take(wanted);
    if (!reservation) {
      await Promise.all(
        [...wanted].map(async ([holding, quantity]) => {
          if (holding.inFlight) await holding.inFlight;
          // Concurrent misses share one refill: only the first to find none under way asks.
          if (holding.inFlight) await holding.inFlight;
          else if (available(holding) < quantity) await this.send(holding, Math.max(quantity, this.refillSize(holding)));
        }),
      );
      reservation = this.take(wanted);
    }
    if (reservation) this.counts.local += 1;
    else this.counts.forwarded += 1;
    return reservation;
  }

  private wanted(tenant: string, decrements: Decrement[]): Map<Holding, number> {
    const wanted = new Map<Holding, number>();
    for (const d of decrements) {
      const holding = this.holding(tenant, d);
      holding.lastQuantity = d.quantity;
      holding.lastUsedAt = this.now();
      wanted.set(holding, (wanted.get(holding) ?? 0) + d.quantity);
    }
    return wanted;
  }

  /** All or nothing, synchronously (no other request can interleave). */
  private take(wanted: Map<Holding, number>): Reservation | undefined {
    for (const [holding, quantity] of wanted) if (available(holding) < quantity) return undefined;
    for (const [holding, quantity] of wanted) holding.reserved += quantity;
    return { holdings: [...wanted].map(([holding, quantity]) => ({ holding, quantity })) };
  }

  private refillSize(holding: Holding): number {
    return Math.max(1, holding.lastQuantity * (this.options.refillFactor ?? 16));
  }

  /** Below this a holding asks for more in the background: half a refill, so it rarely runs dry. */
  private lowWater(holding: Holding): number {
    return Math.max(holding.lastQuantity * 2, Math.ceil(this.refillSize(holding) / 2));
  }

  /** The local write committed: the reserved escrow is consumed. */
  commit(reservation: Reservation): void {
    for (const { holding, quantity } of reservation.holdings) {
      holding.reserved -= quantity;
      holding.consumed += quantity;
      if (available(holding) < this.lowWater(holding)) this.sync(holding);
    }
  }

  /** The local write did not happen (condition failed, error): the escrow is free again. */
  release(reservation: Reservation): void {
    for (const { holding, quantity } of reservation.holdings) holding.reserved -= quantity;
  }

  /** Returns all unused escrow now (best effort) and stops background work. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    await Promise.allSettled(
      [...this.holdings.values()].map((holding) => {
        holding.returned += Math.max(0, available(holding));
        return this.send(holding, 0);
      }),
    );
  }

  /** For tests and status: escrow held per counter. */
  snapshot(): Array<{ attribute: string; granted: number; consumed: number; returned: number; available: number }> {
    return [...this.holdings.values()].map((h) => ({
      attribute: h.decrement.attribute,
      granted: h.granted,
      consumed: h.consumed,
      returned: h.returned,
      available: available(h),
    }));
  }

  private holding(tenant: string, d: Decrement): Holding {
    const id = escrowId(tenant, d.tableName, d.key, d.attribute);
    const existing = this.holdings.get(id);
    if (existing) return existing;
    const holding: Holding = {
        decrement: { tenant, tableName: d.tableName, key: d.key, attribute: d.attribute, min: d.min },
        granted: 0,
        consumed: 0,
        returned: 0,
        reserved: 0,
        lastQuantity: d.quantity,
        lastUsedAt: this.now(),
        reported: { granted: 0, consumed: 0, returned: 0 },
        inFlight: undefined,
      };
    this.holdings.set(id, holding);
    return holding;
  }

  /** The timer's work: returns idle escrow, reports, refills. Public so simulations can drive it. */
  tick(): void {
    this.retirePredecessors();
    const now = this.now();
    for (const holding of this.holdings.values()) {
      const idle = now - holding.lastUsedAt >= (this.options.idleReturnMs ?? 2000);
      if (idle && available(holding) > 0) holding.returned += available(holding);
      const unreported =
        holding.consumed > holding.reported.consumed || holding.returned > holding.reported.returned;
      if (unreported || (!idle && available(holding) < this.lowWater(holding))) this.sync(holding);
    }
  }

  /** Reports and, unless idle, asks for a refill; one message per holding at a time. */
  private sync(holding: Holding): void {
    if (this.closed || holding.inFlight) return;
    const idle = this.now() - holding.lastUsedAt >= (this.options.idleReturnMs ?? 2000);
    void this.send(holding, idle ? 0 : this.refillSize(holding));
  }

  /** One message at a time per holding: a caller that finds one in flight waits for it first. */
  private async send(holding: Holding, want: number): Promise<void> {
    while (holding.inFlight) await holding.inFlight;
    const done = this.exchange(holding, want);
    holding.inFlight = done;
    try {
      await done;
    } finally {
      if (holding.inFlight === done) holding.inFlight = undefined;
    }
  }

  private async exchange(holding: Holding, want: number): Promise<void> {
    const report = { granted: holding.granted, consumed: holding.consumed, returned: holding.returned };
    try {
      const answer = await this.options.send({
        kind: 'escrow',
        holder: this.holder,
        ...holding.decrement,
        grantedSeen: holding.granted,
        want,
        consumed: report.consumed,
        // Read after the consumption above was committed and published: it covers it.
        consumedAtSeq: this.options.ownSeq(),
        returned: report.returned,
      });
      // Grants only grow; a smaller answer would mean central lost its ledger, and trusting
      // it could double-spend, so this holding stays as it is.
      if (answer.granted > holding.granted) holding.granted = answer.granted;
      holding.reported = report;
    } catch (err) {
      this.options.onError?.(err);
    }
  }
}
