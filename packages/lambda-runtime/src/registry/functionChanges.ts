import type { CodePackage, FunctionState } from './types.js';

/** One function's whole persisted control-plane state after a change, or its deletion. */
export interface FunctionChange {
  tenant: string;
  name: string;
  /** Undefined: the function was deleted. A deep copy: later local mutations do not leak into it. */
  state: FunctionState | undefined;
}

/** Told about every function whose persisted state changed; persist() waits for what it returns. */
export type FunctionChangeListener = (change: FunctionChange) => void | Promise<void>;

/**
 * Finds which functions a `persist()` changed by comparing each function's JSON with the JSON
 * last seen. The API operations mutate the registry in place and then persist; diffing at
 * persist time catches every operation (tags, aliases, URL configs, policies, ...) without
 * each one having to announce itself, and costs what the state file's own JSON.stringify costs.
 * Only kept while someone listens (a node on an edge network).
 */
export class FunctionChangeDetector {
  private readonly lastSeen = new Map<string, string>();

  /** Records the current state as seen, without reporting it (at load, and for replicated states). */
  acknowledge(key: string, state: FunctionState | undefined): void {
    if (state) this.lastSeen.set(key, JSON.stringify(state));
    else this.lastSeen.delete(key);
  }

  detect(current: Map<string, FunctionState>): FunctionChange[] {
    const changes: FunctionChange[] = [];
    for (const [key, fn] of current) {
      const json = JSON.stringify(fn);
      if (this.lastSeen.get(key) === json) continue;
      this.lastSeen.set(key, json);
      changes.push({ tenant: fn.tenant, name: fn.name, state: JSON.parse(json) as FunctionState });
    }
    for (const key of [...this.lastSeen.keys()]) {
      if (current.has(key)) continue;
      this.lastSeen.delete(key);
      const [tenant, name] = key.split('\u0000') as [string, string];
      changes.push({ tenant, name, state: undefined });
    }
    return changes;
  }
}

/** Every code package a function state refers to ($LATEST and each published version), once per hash. */
export function codePackagesOf(state: FunctionState): CodePackage[] {
  const byHash = new Map<string, CodePackage>();
  for (const version of [state.latest, ...Object.values(state.versions)]) byHash.set(version.code.sha256Hex, version.code);
  return [...byHash.values()];
}
