import { LambdaApiError } from '../errors.js';
import { LIMITS } from '../limits.js';
import type { FunctionRegistry } from '../registry/functionRegistry.js';
import type { ResolvedVersion } from '../registry/types.js';
import { AsyncEventJournal, type JournalRecord, type JournaledEvent } from './asyncEventJournal.js';
import type { InvocationService, InvokeRequest } from './invocationService.js';

/** Lambda keeps an event at most 6 hours unless the event-invoke-config says less. */
const DEFAULT_MAX_EVENT_AGE_SECONDS = 21600;
/** How often a replayed event checks again whether the node listens yet. */
const NOT_LISTENING_RECHECK_MS = 100;

interface QueuedEvent {
  /** Undefined for an event replayed from the journal: resolved again when it runs. */
  resolved: ResolvedVersion | undefined;
  journaled: JournaledEvent;
}

export interface AsyncDurability {
  /** The append-only queue file (JSON lines); replayed by `recover()`. */
  journalPath: string;
  /** Resolves replayed events' functions again (they may have been deleted meanwhile). */
  registry: FunctionRegistry;
  /** '' until the node listens: a replayed event waits for it (its function's SDK needs the URL). */
  endpointUrl: () => string;
}

/**
 * InvocationType Event: accepted (202) once it is on disk, run in the background. As on Lambda, a
 * function error, timeout or crash is retried twice (or MaximumRetryAttempts of the qualifier's
 * event-invoke-config), after the configured delays; so is a throttle. An event older than
 * MaximumEventAgeInSeconds is dropped. With `durability`, the queue is journaled (fsync before the
 * 202) and `recover()` runs what a previous process accepted but did not finish: at least once,
 * so an event cut short by a crash runs again.
 */
export class AsyncInvocations {
  private readonly timers = new Set<NodeJS.Timeout>();
  private journal: AsyncEventJournal | undefined;
  private closed = false;

  constructor(
    private readonly invocations: InvocationService,
    private readonly retryDelaysMs: number[],
    private readonly log: (level: 'error' | 'warn' | 'info' | 'debug', msg: string, meta?: object) => void,
    private readonly now: () => number,
    private readonly durability?: AsyncDurability,
  ) {}

  /** Opens the journal and schedules the events a previous process left unfinished. */
  async recover(): Promise<void> {
    if (!this.durability) return;
    this.journal = await AsyncEventJournal.open(this.durability.journalPath, (message) => this.log('warn', message));
    const pending = this.journal.pendingEvents();
    if (pending.length > 0) this.log('info', `replaying ${pending.length} queued async invocation(s) from the journal`);
    for (const entry of pending) this.schedule({ resolved: undefined, journaled: entry.event }, entry.attempt, Math.max(0, entry.dueAt - this.now()));
  }

  /**
   * Queues an event; resolves once it is durable (the moment to answer 202), rejects if it could
   * not be written. A caller that does not wait is fine: the failure is logged here too.
   */
  enqueue(resolved: ResolvedVersion, request: InvokeRequest): Promise<void> {
    const accepted = this.accept(resolved, request);
    accepted.catch((error: unknown) => this.log('error', `async invocation not queued: ${String(error)}`, { function: resolved.fn.name, requestId: request.requestId }));
    return accepted;
  }

  /** Stops scheduling; events not finished stay in the journal for the next start. */
  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await this.journal?.close();
  }

  private async accept(resolved: ResolvedVersion, request: InvokeRequest): Promise<void> {
    const config = resolved.fn.eventInvokeConfigs?.[resolved.qualifier ?? '$LATEST'];
    const journaled: JournaledEvent = {
      id: request.requestId,
      tenant: resolved.fn.tenant,
      functionName: resolved.fn.name,
      version: resolved.version.version,
      ...(resolved.qualifier !== undefined ? { qualifier: resolved.qualifier } : {}),
      payload: request.payload,
      ...(request.clientContext !== undefined ? { clientContext: request.clientContext } : {}),
      enqueuedAt: this.now(),
      maxRetries: config?.maximumRetryAttempts ?? LIMITS.asyncRetries,
      maxAgeMs: (config?.maximumEventAgeInSeconds ?? DEFAULT_MAX_EVENT_AGE_SECONDS) * 1000,
    };
    await this.journal?.append({ op: 'queued', event: journaled });
    this.schedule({ resolved, journaled }, 0, 0);
  }

  private schedule(event: QueuedEvent, attempt: number, delayMs: number): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.attempt(event, attempt);
    }, delayMs);
    this.timers.add(timer);
  }

  private async attempt(event: QueuedEvent, attempt: number): Promise<void> {
    if (this.closed) return;
    const { journaled } = event;
    const meta = { function: journaled.functionName, requestId: journaled.id, attempt: attempt + 1 };
    if (this.now() - journaled.enqueuedAt > journaled.maxAgeMs) {
      this.log('warn', 'async invocation dropped: older than MaximumEventAgeInSeconds', meta);
      this.record({ op: 'done', id: journaled.id });
      return;
    }
    if (this.durability && this.durability.endpointUrl() === '') {
      this.schedule(event, attempt, NOT_LISTENING_RECHECK_MS);
      return;
    }
    const resolved = event.resolved ?? this.resolveAgain(journaled);
    if (!resolved) {
      this.log('warn', `async invocation dropped: function ${journaled.functionName} version ${journaled.version} no longer exists`, meta);
      this.record({ op: 'done', id: journaled.id });
      return;
    }
    let failure: string | undefined;
    try {
      const request: InvokeRequest = { requestId: journaled.id, payload: journaled.payload, ...(journaled.clientContext !== undefined ? { clientContext: journaled.clientContext } : {}) };
      const result = await this.invocations.invoke(resolved, request);
      if (result.functionError) failure = result.payload;
    } catch (error) {
      failure = error instanceof LambdaApiError ? `${error.errorType}: ${error.message}` : String(error);
    }
    // Stopped meanwhile (its worker went with the node): the journal keeps it for the next start.
    if (this.closed) return;
    if (failure === undefined) {
      this.record({ op: 'done', id: journaled.id });
      return;
    }
    if (attempt >= journaled.maxRetries) {
      this.log('warn', `async invocation failed after ${attempt + 1} attempts: ${failure}`, meta);
      this.record({ op: 'done', id: journaled.id });
      return;
    }
    const delay = this.retryDelaysMs[Math.min(attempt, this.retryDelaysMs.length - 1)] ?? 0;
    this.log('info', `async invocation failed, retrying in ${delay} ms: ${failure}`, meta);
    this.record({ op: 'retry', id: journaled.id, attempt: attempt + 1, dueAt: this.now() + delay });
    this.schedule(event, attempt + 1, delay);
  }

  /** A replayed event's function, as it is now: its accepted version, under the caller's qualifier. */
  private resolveAgain(journaled: JournaledEvent): ResolvedVersion | undefined {
    const fn = this.durability?.registry.find(journaled.tenant, journaled.functionName);
    if (!fn) return undefined;
    const version = journaled.version === '$LATEST' ? fn.latest : fn.versions[journaled.version];
    if (!version) return undefined;
    return { fn, version, ...(journaled.qualifier !== undefined ? { qualifier: journaled.qualifier } : {}) };
  }

  /** Progress records need not hold up delivery: a lost one only means a repeat after a crash. */
  private record(record: Exclude<JournalRecord, { op: 'queued' }>): void {
    this.journal?.append(record).catch((error: unknown) => this.log('error', `async event journal write failed: ${String(error)}`));
  }
}

