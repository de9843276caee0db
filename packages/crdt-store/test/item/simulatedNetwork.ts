import * as Y from 'yjs';
import type { Item } from '@kuhiro/expressions';
import { ItemReplica, type ItemMutation } from '../../src/item/itemReplica.js';

/** One local mutation and what its replica had integrated when it made it. */
export interface OpRecord<Tag> {
  replica: number;
  clientId: number;
  /** The replica's clock after the op: another op observed this one iff it had reached it. */
  endClock: number;
  observedBefore: Map<number, number>;
  tag: Tag;
}

/**
 * A deterministic in-memory network of replicas of one item: every local update is queued for
 * every other replica; `deliver` hands queued updates over in any order, possibly twice.
 */
export class SimulatedNetwork<Tag> {
  readonly replicas: ItemReplica[];
  readonly ops: Array<OpRecord<Tag>> = [];
  private queue: Array<{ to: number; update: Uint8Array }> = [];

  constructor(readonly clientIds: number[], state?: Uint8Array) {
    this.replicas = clientIds.map((id) => ItemReplica.fromState(state, id));
  }

  /** Applies a mutation at replica `at` and queues its update for the others. */
  local(at: number, mutation: ItemMutation, tag: Tag): void {
    const replica = this.replicas[at]!;
    const observedBefore = Y.decodeStateVector(replica.stateVector());
    const update = replica.apply(mutation);
    const endClock = Y.decodeStateVector(replica.stateVector()).get(this.clientIds[at]!) ?? 0;
    this.ops.push({ replica: at, clientId: this.clientIds[at]!, endClock, observedBefore, tag });
    if (update.length === 0) return;
    this.replicas.forEach((_, to) => {
      if (to !== at) this.queue.push({ to, update });
    });
  }

  /** Delivers the queued update picked by `pick` (modulo the queue), keeping a copy if `duplicate`. */
  deliver(pick: number, duplicate: boolean): void {
    if (this.queue.length === 0) return;
    const index = pick % this.queue.length;
    const message = this.queue[index]!;
    if (!duplicate) this.queue.splice(index, 1);
    this.replicas[message.to]!.applyUpdate(message.update);
  }

  /** Delivers everything still queued, in an order driven by `picks`. */
  flush(picks: number[]): void {
    let i = 0;
    while (this.queue.length > 0) this.deliver(picks[i++ % Math.max(picks.length, 1)] ?? 0, false);
  }

  materialized(): Array<Item | undefined> {
    return this.replicas.map((r) => r.materialize());
  }

  /** True if op `later` had integrated op `earlier` when it was made. */
  static observed<T>(later: OpRecord<T>, earlier: OpRecord<T>): boolean {
    if (later === earlier) return false;
    if (later.clientId === earlier.clientId) return earlier.endClock <= (later.observedBefore.get(later.clientId) ?? 0);
    return (later.observedBefore.get(earlier.clientId) ?? 0) >= earlier.endClock;
  }

  destroy(): void {
    for (const r of this.replicas) r.destroy();
  }
}
