import type { Store } from '@kuhiro/crdt-store';
import type { Item } from '@kuhiro/expressions';
import { CentralLedger, popOfHolder } from './centralLedger.js';
import type { Decrement } from './counterDecrements.js';
import { escrowId } from './escrowId.js';
import { isRetireRequest, type EscrowAnswer, type EscrowMessage } from './escrowMessages.js';

export interface CentralEscrowOptions {
  ledger: CentralLedger;
  store: Store;
  /** Central's replication vector (origin -> seq applied here). */
  vector: () => Record<string, number>;
  /**
   * Largest fraction of a counter's free amount one grant may take (default 0.25), so the
   * last units are not all parked at one PoP while others must ask central.
   */
  grantShare?: number;
}

/** Central's side of escrow: grants from the invariant in centralLedger.ts, checks its own decrements. Call under the serial lock. */
export class CentralEscrow {
  private readonly seenSeq: (pop: string) => number;

  constructor(private readonly options: CentralEscrowOptions) {
    this.seenSeq = (pop) => this.options.vector()[pop] ?? 0;
  }

  async handle(request: EscrowMessage): Promise<EscrowAnswer> {
    const { ledger } = this.options;
    if (isRetireRequest(request)) {
      // A PoP can only hand back its own processes' escrow (the endpoint checked `holder`).
      const pop = popOfHolder(request.holder);
      for (const holder of request.retire) {
        if (typeof holder === 'string' && popOfHolder(holder) === pop && holder !== request.holder && Number.isInteger(request.atSeq)) ledger.retire(holder, request.atSeq);
      }
      await ledger.save();
      return { granted: 0 };
    }
    const id = escrowId(request.tenant, request.tableName, request.key, request.attribute);
    ledger.report(id, request.holder, request, this.seenSeq);
    let granted = ledger.granted(id, request.holder);
    if (request.want > 0 && request.grantedSeen === granted && !ledger.isRetired(request.holder)) {
      const free = this.free(request.tenant, request.tableName, request.key, request.attribute, request.min);
      const share = Math.floor(free * (this.options.grantShare ?? 0.25));
      const amount = Math.min(request.want, free, Math.max(1, share));
      if (amount > 0) granted = ledger.grant(id, request.holder, amount);
    }
    await ledger.save();
    return { granted };
  }

  /**
   * The index of the first decrement central may not apply (it would dip into escrow held by
   * PoPs or below the bound), or -1 if all may. Decrements of the same counter add up.
   */
  refusedDecrement(tenant: string, decrements: Decrement[]): number {
    const taken = new Map<string, number>();
    for (const [index, d] of decrements.entries()) {
      const id = escrowId(tenant, d.tableName, d.key, d.attribute);
      const total = (taken.get(id) ?? 0) + d.quantity;
      taken.set(id, total);
      if (this.free(tenant, d.tableName, d.key, d.attribute, d.min) < total) return index;
    }
    return -1;
  }

  /** value at central - bound - outstanding escrow; 0 or less when nothing may be taken. */
  private free(tenant: string, tableName: string, key: Item, attribute: string, min: number): number {
    const table = this.options.store.getTable(tenant, tableName);
    if (!table) return 0;
    let value: number;
    try {
      const raw = (this.options.store.getItem(table, key)?.[attribute] as { N?: string } | undefined)?.N;
      value = raw === undefined ? Number.NaN : Number(raw);
    } catch {
      return 0; // a malformed key: the local API answers the ValidationException
    }
    if (!Number.isFinite(value)) return 0;
    const id = escrowId(tenant, tableName, key, attribute);
    return Math.floor(value) - min - this.options.ledger.outstanding(id, this.seenSeq);
  }
}
