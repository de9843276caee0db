import type { InvocationService } from '../invocation/invocationService.js';
import type { UrlIndex } from '../urls/urlIndex.js';
import type { CodeStore } from './codeStore.js';
import { codePackagesOf, type FunctionChange } from './functionChanges.js';
import type { FunctionRegistry } from './functionRegistry.js';
import type { CodePackage, FunctionState } from './types.js';

/** The zip bytes of one code package, by its hash (from wherever the replication layer keeps them). */
export type CodeFetcher = (code: CodePackage) => Promise<Uint8Array>;

export interface ReplicatedFunctionDeps {
  registry: FunctionRegistry;
  codeStore: CodeStore;
  invocations: Pick<InvocationService, 'retireFunction' | 'prewarm'>;
  urls: Pick<UrlIndex, 'add' | 'remove'>;
  log: (level: 'error' | 'warn' | 'info' | 'debug', msg: string, meta?: object) => void;
}

/**
 * Puts a function state that another PoP published in place, as the local operations would
 * have left it: code packages unpacked first (fetched only when this PoP lacks the hash), then
 * the state, the URL index, and the warm environments of a superseded $LATEST retired (the same
 * path a local UpdateFunctionCode takes). Idempotent: applying the same state twice changes
 * nothing. `stillWins` is asked after the asynchronous code work, right before the synchronous
 * switch: a local change made meanwhile is newer and must not be overwritten.
 * Resolves false when `stillWins` said no.
 */
export async function applyReplicatedFunction(deps: ReplicatedFunctionDeps, change: FunctionChange, fetchCode: CodeFetcher, stillWins: () => boolean = () => true): Promise<boolean> {
  const { registry, codeStore, invocations, urls } = deps;
  const { tenant, name, state } = change;
  if (state && (state.tenant !== tenant || state.name !== name)) {
    throw new Error(`replicated function state for ${tenant}/${name} names ${state.tenant}/${state.name}`);
  }
  if (state) {
    for (const code of codePackagesOf(state)) {
      if (await codeStore.has(tenant, name, code)) continue;
      const stored = await codeStore.store(tenant, name, await fetchCode(code));
      if (stored.sha256Hex !== code.sha256Hex) throw new Error(`code package of ${tenant}/${name}: got ${stored.sha256Hex}, expected ${code.sha256Hex}`);
    }
  }
  if (!stillWins()) return false;

  const existing = registry.find(tenant, name);
  if (existing) {
    for (const config of Object.values(existing.urlConfigs)) urls.remove(config.urlId);
    if (state) warnOnReplacedVersions(deps, existing, state);
  }
  if (!state) {
    registry.adoptReplicated(tenant, name, undefined);
    if (existing) {
      invocations.retireFunction(existing);
      await codeStore.removeFunction(tenant, name);
    }
  } else {
    const previousRevision = existing?.latest.revisionId;
    const fn = registry.adoptReplicated(tenant, name, state)!;
    for (const config of Object.values(fn.urlConfigs)) urls.add(config.urlId, { tenant, functionName: name, qualifier: config.qualifier });
    // Environments of the old $LATEST stop now; published versions are immutable, theirs stay warm.
    // Where the old $LATEST was warm, the new one gets its spare at once (as a local update does):
    // its next invocation does not pay a process start. Functions idle at this PoP stay cold.
    if (previousRevision !== undefined && previousRevision !== fn.latest.revisionId && invocations.retireFunction(fn, fn.latest.revisionId) > 0) {
      invocations.prewarm(fn, fn.latest);
    }
  }
  await registry.persist();
  return true;
}

/**
 * A version number means the same code everywhere unless two PoPs published it concurrently
 * (within the replication delay): the function's last writer wins as a whole, so the other
 * PoP's version N is replaced. Rare, and worth a line in the log when it happens.
 */
function warnOnReplacedVersions(deps: ReplicatedFunctionDeps, existing: FunctionState, state: FunctionState): void {
  for (const [number, version] of Object.entries(existing.versions)) {
    const incoming = state.versions[number];
    if (incoming && incoming.revisionId !== version.revisionId) {
      deps.log('warn', 'a concurrently published function version was replaced by the winning PoP\'s version', {
        tenant: existing.tenant, function: existing.name, version: number, codeSha256: incoming.code.codeSha256,
      });
    }
  }
}
