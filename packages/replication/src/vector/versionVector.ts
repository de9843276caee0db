import type { VersionVector } from '../types.js';

export function vectorGet(vector: VersionVector, origin: string): number {
  return vector.get(origin) ?? 0;
}

/** Raises entries of `into` to those of `from`; returns whether anything rose. */
export function vectorMerge(into: VersionVector, from: VersionVector): boolean {
  let changed = false;
  for (const [origin, seq] of from) {
    if (seq > vectorGet(into, origin)) {
      into.set(origin, seq);
      changed = true;
    }
  }
  return changed;
}

export function vectorToJSON(vector: VersionVector): Record<string, number> {
  return Object.fromEntries([...vector].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function vectorFromJSON(json: Record<string, number>): VersionVector {
  const vector: VersionVector = new Map();
  for (const [origin, seq] of Object.entries(json)) {
    if (!Number.isSafeInteger(seq) || seq < 0) throw new Error(`invalid sequence number for ${origin}: ${seq}`);
    vector.set(origin, seq);
  }
  return vector;
}
