import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { TooManyRequestsException } from '../errors.js';
import { LIMITS } from '../limits.js';
import type { FunctionLogs } from '../logs/functionLogs.js';
import type { CodeStore } from '../registry/codeStore.js';
import type { FunctionRegistry } from '../registry/functionRegistry.js';
import type { FunctionState, ResolvedVersion, VersionState } from '../registry/types.js';
import type { FunctionErrorShape } from '../worker/protocol.js';
import type { Executor } from './executor.js';
import { DEBUG_TIMEOUT_SECONDS, type FunctionInspectors } from './debugInspector.js';
import { inspectorWorksUnderPermission } from './permissionFlags.js';
import { BOOTSTRAP_READABLE_PATHS } from './childProcessExecutor.js';
import { endLine, logTail, reportLine, startLine } from './reportLines.js';
import type { LambdaTuning } from './tuning.js';
import { Worker, type InvocationOutcome } from './worker.js';
import { workerEnvironment } from './workerEnvironment.js';
import { WorkerPool } from './workerPool.js';
import { SpareEnvironments } from './spareEnvironments.js';

export interface InvocationDeps {
  registry: FunctionRegistry;
  codeStore: CodeStore;
  executor: Executor;
  logs: FunctionLogs;
  tuning: LambdaTuning;
  region: string;
  endpointUrl: () => string;
  credentialsForTenant: (tenant: string) => { accessKeyId: string; secretAccessKey: string };
  sdkNodeModules: string | undefined;
  /** Parent of the environments' own /tmp folders; emptied at start, so a crash leaves nothing behind for long. */
  tmpRoot: string;
  log: (level: 'error' | 'warn' | 'info' | 'debug', msg: string, meta?: object) => void;
  now: () => number;
  /** Functions debugged under the Node inspector (`kuhiro dev --inspect`). */
  inspectors?: FunctionInspectors;
}

export interface InvokeRequest {
  requestId: string;
  payload: string;
  clientContext?: unknown;
}

export interface InvokeResult {
  payload: string;
  functionError?: 'Unhandled';
  executedVersion: string;
  /** The invocation's log lines (START ... REPORT). */
  logLines: string[];
}

/** Runs invocations on pooled environments, enforcing timeouts and concurrency. */
export class InvocationService {
  private readonly pools = new Map<string, WorkerPool>();
  private readonly inFlightByFunction = new Map<string, number>();
  private inFlight = 0;
  /** Running environments per code package folder: a package is not removed under them. */
  private readonly liveTaskRoots = new Map<string, number>();
  private readonly reaper: NodeJS.Timeout;
  /** Pre-started environments any function of their memory size can claim (cold starts without a process start). */
  private readonly spares: SpareEnvironments | undefined;

  constructor(private readonly deps: InvocationDeps) {
    this.reaper = setInterval(() => this.reapIdle(), Math.min(deps.tuning.idleTimeoutMs, 30_000));
    this.reaper.unref();
    if (deps.executor.runsSpares && deps.tuning.spareMemorySizesMb.length > 0) {
      this.spares = new SpareEnvironments({
        executor: deps.executor, tmpRoot: deps.tmpRoot, sdkNodeModules: deps.sdkNodeModules, memorySizesMb: deps.tuning.spareMemorySizesMb, log: deps.log,
      });
      this.spares.startAll();
    }
  }

  /** Starts a spare environment for a version so its first invocation is warm. */
  prewarm(fn: FunctionState, version: VersionState): void {
    this.poolFor(fn, version).prewarm(true);
  }

  /**
   * Stops the environments of a function (deleted) or of its superseded $LATEST. Returns how many
   * environments were running, so a caller can start the new version's spare where the old one was warm.
   */
  retireFunction(fn: FunctionState, keepLatestRevision?: string): number {
    const prefix = functionKey(fn) + '\u0000';
    let environments = 0;
    for (const [key, pool] of this.pools) {
      if (!key.startsWith(prefix)) continue;
      if (keepLatestRevision !== undefined && !key.startsWith(`${prefix}$LATEST\u0000`)) continue;
      if (keepLatestRevision !== undefined && key.endsWith(`\u0000${keepLatestRevision}`)) continue;
      environments += pool.size;
      pool.retire();
      this.pools.delete(key);
    }
    return environments;
  }

  /** Whether an environment (starting, idle, busy, or retired and finishing) runs from this code package. */
  taskRootInUse(taskRoot: string): boolean {
    return this.liveTaskRoots.has(taskRoot);
  }

  /** Counts the invocation against reserved and node-wide concurrency, or throttles it. */
  reserveConcurrency(fn: FunctionState): () => void {
    const key = functionKey(fn);
    const running = this.inFlightByFunction.get(key) ?? 0;
    if (fn.reservedConcurrency !== undefined && running >= fn.reservedConcurrency) {
      throw new TooManyRequestsException('ReservedFunctionConcurrentInvocationLimitExceeded');
    }
    if (this.inFlight >= this.deps.tuning.maxConcurrentInvocations) throw new TooManyRequestsException('ConcurrentInvocationLimitExceeded');
    this.inFlightByFunction.set(key, running + 1);
    this.inFlight++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight--;
      this.inFlightByFunction.set(key, (this.inFlightByFunction.get(key) ?? 1) - 1);
    };
  }

  async invoke(resolved: ResolvedVersion, request: InvokeRequest): Promise<InvokeResult> {
    const release = this.reserveConcurrency(resolved.fn);
    try {
      return await this.run(resolved, request);
    } finally {
      release();
    }
  }

  /** Runs an invocation whose concurrency the caller has already reserved. */
  run(resolved: ResolvedVersion, request: InvokeRequest): Promise<InvokeResult> {
    const { inspectors } = this.deps;
    return inspectors ? inspectors.serialize(resolved.fn.name, () => this.runOnWorker(resolved, request)) : this.runOnWorker(resolved, request);
  }

  private async runOnWorker(resolved: ResolvedVersion, request: InvokeRequest): Promise<InvokeResult> {
    const { fn, version } = resolved;
    const { requestId } = request;
    const pool = this.poolFor(fn, version);
    const worker = await pool.acquire();
    const logLines: string[] = [];
    const onLine = (line: string): void => {
      logLines.push(line);
      this.functionLog(fn, line);
    };
    // START / END / REPORT: in the invocation's log and the function's ring (`kuhiro logs`), but at
    // debug in the node's own log, where three lines per invocation cost more than the invocation.
    const platformLine = (line: string): void => {
      logLines.push(line);
      this.functionLog(fn, line, 'debug');
    };
    platformLine(startLine(requestId, version.version));
    const debugged = this.deps.inspectors?.endpointFor(fn.name) !== undefined;
    const timeoutMs = (debugged ? DEBUG_TIMEOUT_SECONDS : version.settings.timeout) * 1000;
    const startedAt = performance.now();
    const outcome = await worker.invoke(
      {
        type: 'invoke',
        requestId,
        payload: request.payload,
        deadlineMs: Date.now() + timeoutMs,
        invokedFunctionArn: this.deps.registry.arn(fn, resolved.qualifier),
        ...(request.clientContext !== undefined ? { clientContext: request.clientContext } : {}),
      },
      timeoutMs,
      onLine,
    );
    const durationMs = performance.now() - startedAt;
    pool.release(worker);
    if (worker.state === 'dead') pool.prewarm();

    const answer = this.answerFor(outcome, requestId, version);
    if (outcome.kind === 'timeout') onLine(`${new Date(this.deps.now()).toISOString()} ${requestId} Task timed out after ${version.settings.timeout.toFixed(2)} seconds`);
    platformLine(endLine(requestId));
    platformLine(
      reportLine({
        requestId,
        durationMs: outcome.kind === 'timeout' ? timeoutMs : durationMs,
        memorySizeMb: version.settings.memorySize,
        memoryUsedMb: 'memoryUsedMb' in outcome ? outcome.memoryUsedMb : undefined,
        initDurationMs: worker.takeInitDuration(),
        ...(outcome.kind === 'timeout' ? { status: 'timeout' } : outcome.kind === 'exit' ? { status: 'error' } : {}),
      }),
    );
    return { ...answer, executedVersion: version.version, logLines };
  }

  tail(lines: string[]): string {
    return logTail(lines, LIMITS.logTailBytes);
  }

  async close(): Promise<void> {
    clearInterval(this.reaper);
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all([...pools.map((pool) => pool.close()), this.spares?.close()]);
    await this.deps.executor.close?.();
  }

  private answerFor(outcome: InvocationOutcome, requestId: string, version: VersionState): { payload: string; functionError?: 'Unhandled' } {
    const failed = (error: FunctionErrorShape) => ({ payload: JSON.stringify(error), functionError: 'Unhandled' as const });
    switch (outcome.kind) {
      case 'success':
        if (Buffer.byteLength(outcome.payload) > LIMITS.syncPayloadBytes) {
          // Lambda's wording; its limit counts 100 bytes of envelope on top of 6 MB.
          return failed({ errorType: 'Function.ResponseSizeTooLarge', errorMessage: `Response payload size exceeded maximum allowed payload size (${LIMITS.syncPayloadBytes + 100} bytes).` });
        }
        return { payload: outcome.payload };
      case 'functionError':
      case 'initError':
        return failed(outcome.error);
      case 'timeout':
        return failed({ errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${requestId} Error: Task timed out after ${version.settings.timeout.toFixed(2)} seconds` });
      case 'exit':
        return failed({ errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: ${outcome.description}` });
    }
  }

  private poolFor(fn: FunctionState, version: VersionState): WorkerPool {
    const key = `${functionKey(fn)}\u0000${version.version}\u0000${version.revisionId}`;
    let pool = this.pools.get(key);
    if (!pool) {
      if (version.version === '$LATEST') this.retireFunction(fn, version.revisionId);
      pool = new WorkerPool((forDemand) => this.startWorker(fn, version, forDemand), this.deps.now);
      this.pools.set(key, pool);
    }
    return pool;
  }

  private startWorker(fn: FunctionState, version: VersionState, forDemand: boolean): Worker {
    const { deps } = this;
    const codeRoot = deps.codeStore.taskRoot(fn.tenant, fn.name, version.code);
    const inspector = deps.inspectors?.endpointFor(fn.name);
    const spare = forDemand && !inspector && this.spares?.canServe(version.settings.environment) ? this.spares.take(version.settings.memorySize) : undefined;
    const tmpDir = spare?.tmpDir ?? mkdtempSync(path.join(deps.tmpRoot, 'env-'));
    // A spare reads the code from its own folder, where it is linked (spareEnvironments.ts).
    const taskRoot = spare?.taskRoot ?? codeRoot;
    const { env, dropped } = workerEnvironment({
      fn, version, region: deps.region, endpointUrl: deps.endpointUrl(), credentials: deps.credentialsForTenant(fn.tenant),
      taskRoot, runtimeDir: BOOTSTRAP_READABLE_PATHS[0]!, sdkNodeModules: deps.sdkNodeModules, tmpDir, now: deps.now(),
    });
    if (dropped.length > 0) deps.log('warn', `environment settings left out of the sandbox: ${dropped.join(', ')}`, { function: fn.name, tenant: fn.tenant });
    if (inspector) {
      const sandbox = inspectorWorksUnderPermission() ? 'inside the permission sandbox' : 'WITHOUT the permission sandbox (this Node disables the inspector under it)';
      deps.log('info', `debug: environment listens for an inspector on ${inspector.host}:${inspector.port}, ${sandbox}, timeout lifted`, { function: fn.name, tenant: fn.tenant });
    }
    const environment = spare
      ? spare.activate(codeRoot, env)
      : deps.executor.start({
          taskRoot,
          readablePaths: [tmpDir, ...(deps.sdkNodeModules ? [deps.sdkNodeModules] : [])],
          env,
          memorySizeMb: version.settings.memorySize,
          tmpDir,
          ...(inspector ? { inspector } : {}),
        });
    // The code package is in use (the sweeper must keep it) whether it is read in place or through links.
    this.liveTaskRoots.set(codeRoot, (this.liveTaskRoots.get(codeRoot) ?? 0) + 1);
    void environment.exited.then(() => {
      rmSync(tmpDir, { recursive: true, force: true });
      const live = (this.liveTaskRoots.get(codeRoot) ?? 1) - 1;
      if (live > 0) this.liveTaskRoots.set(codeRoot, live);
      else this.liveTaskRoots.delete(codeRoot);
    });
    return new Worker(environment, deps.now, (line) => this.functionLog(fn, line));
  }

  private functionLog(fn: FunctionState, line: string, level: 'info' | 'debug' = 'info'): void {
    this.deps.logs.append(fn.tenant, fn.name, line);
    this.deps.log(level, line, { function: fn.name, tenant: fn.tenant });
  }

  private reapIdle(): void {
    for (const [key, pool] of this.pools) {
      pool.reap(this.deps.tuning.idleTimeoutMs);
      if (pool.size === 0) this.pools.delete(key);
    }
  }
}

function functionKey(fn: FunctionState): string {
  return `${fn.tenant}\u0000${fn.name}`;
}
