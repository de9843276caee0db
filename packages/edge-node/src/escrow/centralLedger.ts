import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * What central knows of one escrow holder (a PoP process, `pop/epoch`) for one counter.
 * Every number is cumulative and only grows, so a retried or duplicated message is merged
 * with max() and changes nothing the second time.
 */
interface HolderAccount {
  /** Escrow central has granted this holder, ever. */
  granted: number;
  /** Escrow the holder gave back, ever. */
  returned: number;
  /** Consumption reported by the holder AND already applied at central (its decrements are in central's value). */
  consumedSeen: number;
  /** A consumption report whose decrements central has not yet received: counted once vector[pop] >= seq. */
  pending?: { consumed: number; seq: number };
}

interface LedgerFile {
  version: 2;
  counters: Record<string, Record<string, HolderAccount>>;
  retired: Record<string, number>;
}

export interface ConsumptionReport {
  /** Cumulative escrow consumed by the holder. */
  consumed: number;
  /** The holder's own replication seq that covers every one of those decrements. */
  consumedAtSeq: number;
  /** Cumulative escrow returned by the holder. */
  returned: number;
}

/**
 * Central's durable escrow ledger, per counter and holder.
 *
 * INVARIANT (what makes a bounded counter safe): for every counter,
 *
 *     value_at_central - min >= sum over holders of outstanding(holder)
 *     outstanding(holder) = granted - returned - consumedSeen
 *
 * Why it suffices: the true value differs from central's by decrements central has not yet
 * received (increments only help). Only escrow holders decrement without central (forwarded
 * decrements execute at central), a holder never consumes more than granted - returned, and
 * consumedSeen counts only decrements central has applied; so the unseen decrements of a
 * holder are at most its outstanding, and the true value stays >= min.
 *
 * Central keeps it by (a) granting only from `value - min - sum(outstanding)`, and (b) executing
 * a decrement itself only if `value - q - sum(outstanding) >= min`. Both run under one lock with
 * the read of the value. Consumption arriving at central lowers value and (once reported and
 * seen) outstanding by the same amount; until then it is counted twice, which is conservative.
 */
export class CentralLedger {
  private constructor(
    private readonly file: string | undefined,
    private readonly counters: Map<string, Map<string, HolderAccount>>,
    /** Holders of PoP processes that ended (see `retire`) -> the PoP's seq that covers all their writes. */
    private readonly retired: Map<string, number>,
  ) {}

  /** With a file, the ledger survives restarts (written before a grant is answered). */
  static async open(file: string | undefined): Promise<CentralLedger> {
    const counters = new Map<string, Map<string, HolderAccount>>();
    const retired = new Map<string, number>();
    if (file) {
      try {
        const saved = JSON.parse(await readFile(file, 'utf8')) as LedgerFile | Record<string, Record<string, HolderAccount>>;
        // Version 1 was the counters object alone.
        const current: LedgerFile = saved.version === 2 ? (saved as LedgerFile) : { version: 2, counters: saved as Record<string, Record<string, HolderAccount>>, retired: {} };
        for (const [id, holders] of Object.entries(current.counters)) counters.set(id, new Map(Object.entries(holders)));
        for (const [holder, seq] of Object.entries(current.retired)) retired.set(holder, seq);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
    return new CentralLedger(file, counters, retired);
  }

  /** Sum of outstanding escrow of a counter; `seenSeq(pop)` is central's vector entry for a PoP. */
  outstanding(id: string, seenSeq: (pop: string) => number): number {
    let total = 0;
    for (const [holder, account] of this.counters.get(id) ?? []) {
      this.promote(holder, account, seenSeq);
      if (this.isSettled(holder, seenSeq)) continue;
      total += account.granted - account.returned - account.consumedSeen;
    }
    return total;
  }

  /**
   * A PoP restarted (after kill -9, say) and names the holders of its earlier processes, with its
   * own seq at restart, `atSeq`: every write those processes made is at or below it (they
   * are gone, and their acknowledged writes were in the PoP's journal). Once central's vector
   * for the PoP reaches `atSeq`, each of their decrements is in central's value, so what
   * they held and did not use is free again: their outstanding escrow counts as 0 from then on
   * (`isSettled`). Until then it counts in full, as before. Idempotent; the first `atSeq` stays.
   */
  retire(holder: string, atSeq: number): void {
    if (!this.retired.has(holder)) this.retired.set(holder, atSeq);
  }

  /** A retired holder is never granted more (a late message of a dead process must not park units). */
  isRetired(holder: string): boolean {
    return this.retired.has(holder);
  }

  private isSettled(holder: string, seenSeq: (pop: string) => number): boolean {
    const atSeq = this.retired.get(holder);
    return atSeq !== undefined && seenSeq(popOfHolder(holder)) >= atSeq;
  }

  granted(id: string, holder: string): number {
    return this.counters.get(id)?.get(holder)?.granted ?? 0;
  }

  /** Merges a holder's cumulative report (idempotent). */
  report(id: string, holder: string, report: ConsumptionReport, seenSeq: (pop: string) => number): void {
    const account = this.account(id, holder);
    // A holder cannot consume or return more than it was granted; clamp a corrupt report.
    account.returned = Math.max(account.returned, Math.min(report.returned, account.granted));
    const consumed = Math.min(report.consumed, account.granted - account.returned);
    if (consumed > account.consumedSeen && (account.pending === undefined || consumed > account.pending.consumed)) {
      account.pending = { consumed, seq: report.consumedAtSeq };
    }
    this.promote(holder, account, seenSeq);
  }

  /** Adds a grant; the caller checked it against the invariant and saves before answering. */
  grant(id: string, holder: string, amount: number): number {
    const account = this.account(id, holder);
    account.granted += amount;
    return account.granted;
  }

  async save(): Promise<void> {
    if (!this.file) return;
    const plain: LedgerFile = { version: 2, counters: {}, retired: Object.fromEntries(this.retired) };
    for (const [id, holders] of this.counters) plain.counters[id] = Object.fromEntries(holders);
    await mkdir(dirname(this.file), { recursive: true });
    const temp = `${this.file}.tmp`;
    await writeFile(temp, JSON.stringify(plain), { flush: true });
    await rename(temp, this.file);
  }

  private account(id: string, holder: string): HolderAccount {
    let holders = this.counters.get(id);
    if (!holders) this.counters.set(id, (holders = new Map()));
    let account = holders.get(holder);
    if (!account) holders.set(holder, (account = { granted: 0, returned: 0, consumedSeen: 0 }));
    return account;
  }

  private promote(holder: string, account: HolderAccount, seenSeq: (pop: string) => number): void {
    const pending = account.pending;
    if (pending && seenSeq(popOfHolder(holder)) >= pending.seq) {
      account.consumedSeen = Math.max(account.consumedSeen, pending.consumed);
      delete account.pending;
    }
  }
}

/** Holders are `pop/epoch`: a PoP that restarted without its escrow state is a new holder. */
export function popOfHolder(holder: string): string {
  const slash = holder.lastIndexOf('/');
  return slash >= 0 ? holder.slice(0, slash) : holder;
}
