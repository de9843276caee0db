import type { PopConfig } from './networkConfig.js';
import type { Scope } from '../types.js';

export function parseScope(value: string): Scope {
  if (value === 'all' || value === 'local') return value;
  if (/^group:[A-Za-z0-9._-]+$/.test(value)) return value as Scope;
  throw new Error(`invalid replication scope "${value}": expected all, local or group:NAME`);
}

/** Whether an entry of `scope` is delivered to `pop`. Central receives everything. */
export function scopeReaches(scope: Scope, pop: PopConfig): boolean {
  if (pop.role === 'central') return true;
  if (scope === 'all') return true;
  if (scope === 'local') return false;
  return pop.group !== undefined && scope === `group:${pop.group}`;
}

/**
 * Whether `relay` holds every entry `target` should receive of records from third
 * origins, so it may forward them on their behalf. An edge never holds another edge's
 * `local` entries nor other groups' entries, so forwarding from it to central (or to
 * an edge of another group) would advance the target's vector past entries it never got.
 */
export function canRelayTo(relay: PopConfig, target: PopConfig): boolean {
  if (relay.role === 'central') return true;
  if (target.role === 'central') return false;
  return target.group === undefined || target.group === relay.group;
}
