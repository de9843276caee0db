import type { Item } from '@kuhiro/expressions';

/** AWS leaves alone items whose TTL is more than five years in the past (a likely unit mistake). */
const MAX_PAST_MS = 5 * 365 * 24 * 60 * 60 * 1000;

/**
 * Whether an item has expired under a table's TTL attribute, as AWS documents it: the
 * attribute must be a Number of epoch seconds before now and no more than five years old;
 * a missing attribute, another type (also a String that holds a number) never expires.
 */
export function isExpired(item: Item | undefined, attributeName: string, nowMs: number): boolean {
  const value = item?.[attributeName];
  if (value === undefined || !('N' in value)) return false;
  const expiresAtMs = Number(value.N) * 1000;
  return Number.isFinite(expiresAtMs) && expiresAtMs < nowMs && expiresAtMs >= nowMs - MAX_PAST_MS;
}
