import type { CodeStore } from '../registry/codeStore.js';
import { codePackagesOf } from '../registry/functionChanges.js';
import type { FunctionRegistry } from '../registry/functionRegistry.js';

export interface CodePackageSweeperDeps {
  codeStore: CodeStore;
  registry: FunctionRegistry;
  /** Whether a running environment (busy or idle) has this task root. */
  taskRootInUse: (taskRoot: string) => boolean;
  log: (level: 'error' | 'warn' | 'info' | 'debug', msg: string, meta?: object) => void;
  /**
   * How long a package stays after it was last stored even if no version names it: an upload
   * is stored before the operation commits it to a version, and that must not be swept away.
   */
  graceMs: number;
}

/**
 * Removes code packages that no version of their function uses any more (UpdateFunctionCode
 * replaces $LATEST's, DeleteFunction with a qualifier drops a version's): after the grace period
 * and once no environment runs from them. Packages are per function (codeStore.ts), so a
 * function's own versions are the only ones that can name them. Published versions keep theirs.
 * A function is swept shortly after its code changed; everything once at start.
 */
export class CodePackageSweeper {
  private readonly timers = new Map<string, { tenant: string; name: string; timer: NodeJS.Timeout }>();
  private sweeping: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly deps: CodePackageSweeperDeps) {}

  /** Sweeps every function's packages once the grace period has passed (at start). */
  scheduleAll(): void {
    for (const fn of this.deps.registry.all()) this.schedule(fn.tenant, fn.name);
  }

  schedule(tenant: string, name: string, delayMs = this.deps.graceMs): void {
    const key = `${tenant}\u0000${name}`;
    if (this.closed || this.timers.has(key)) return;
    const timer = setTimeout(() => {
      this.timers.delete(key);
      // One sweep at a time: sweeps are rare and small, and disk work should not pile up.
      this.sweeping = this.sweeping.then(async () => void (await this.sweep(tenant, name))).catch((error: unknown) => {
        this.deps.log('warn', `code package cleanup failed: ${(error as Error).message}`, { tenant, function: name });
      });
    }, delayMs);
    timer.unref();
    this.timers.set(key, { tenant, name, timer });
  }

  /** Removes the function's unused packages now; packages still in their grace period or in use are tried again later. */
  async sweep(tenant: string, name: string): Promise<number> {
    const { codeStore, registry, graceMs } = this.deps;
    let removed = 0;
    let retry = false;
    for (const sha256Hex of await codeStore.storedPackages(tenant, name)) {
      const named = () => {
        const fn = registry.find(tenant, name);
        return fn !== undefined && codePackagesOf(fn).some((code) => code.sha256Hex === sha256Hex);
      };
      if (named()) continue;
      const taskRoot = codeStore.taskRoot(tenant, name, { sha256Hex, codeSha256: '', codeSize: 0 });
      // Asked again inside removePackageIfUnused, synchronously with the removal: the function may change meanwhile.
      const unused = () => !named() && !this.deps.taskRootInUse(taskRoot);
      if (await codeStore.removePackageIfUnused(tenant, name, sha256Hex, graceMs, unused)) removed++;
      else retry = true;
    }
    if (removed > 0) this.deps.log('debug', `removed ${removed} unused code package(s)`, { tenant, function: name });
    if (retry) this.schedule(tenant, name);
    return removed;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await this.sweeping;
  }
}
