import type { AttributeValue, ResolvedAction } from '@kuhiro/expressions';
import { ItemReplica, type ItemMutation } from '../../src/item/itemReplica.js';

export const S = (s: string): AttributeValue => ({ S: s });
export const N = (n: string): AttributeValue => ({ N: n });

export function update(...actions: ResolvedAction[]): ItemMutation {
  return { type: 'update', actions };
}

/** Fresh replicas with the given clientIDs, all starting from the same state. */
export function replicas(state: Uint8Array | undefined, ...clientIds: number[]): ItemReplica[] {
  return clientIds.map((id) => ItemReplica.fromState(state, id));
}

/** Delivers every update to every replica (including the one that made it: idempotent). */
export function exchange(all: ItemReplica[], updates: Uint8Array[]): void {
  for (const replica of all) for (const u of updates) replica.applyUpdate(u);
}
