import { LambdaApiError } from '../errors.js';
import { LIMITS } from '../limits.js';
import type { ResolvedVersion } from '../registry/types.js';
import type { InvocationService, InvokeRequest } from './invocationService.js';

/** Lambda keeps an event at most 6 hours unless the event-invoke-config says less. */
const DEFAULT_MAX_EVENT_AGE_SECONDS = 21600;

interface QueuedEvent {
  resolved: ResolvedVersion;
  request: InvokeRequest;
  enqueuedAt: number;
  maxRetries: number;
  maxAgeMs: number;
}

/**
 * InvocationType Event: accepted at once (202), run in the background. As on Lambda, a function
 * error, timeout or crash is retried twice (or MaximumRetryAttempts of the qualifier's
 * event-invoke-config), after the configured delays; so is a throttle. An event older than
 * MaximumEventAgeInSeconds is dropped.
 */
export class AsyncInvocations {
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(
    private readonly invocations: InvocationService,
    private readonly retryDelaysMs: number[],
    private readonly log: (level: 'error' | 'warn' | 'info' | 'debug', msg: string, meta?: object) => void,
    private readonly now: () => number,
  ) {}

  enqueue(resolved: ResolvedVersion, request: InvokeRequest): void {
    const config = resolved.fn.eventInvokeConfigs?.[resolved.qualifier ?? '$LATEST'];
    this.schedule(
      {
        resolved,
        request,
        enqueuedAt: this.now(),
        maxRetries: config?.maximumRetryAttempts ?? LIMITS.asyncRetries,
        maxAgeMs: (config?.maximumEventAgeInSeconds ?? DEFAULT_MAX_EVENT_AGE_SECONDS) * 1000,
      },
      0,
      0,
    );
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
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
    const meta = { function: event.resolved.fn.name, requestId: event.request.requestId, attempt: attempt + 1 };
    if (this.now() - event.enqueuedAt > event.maxAgeMs) {
      this.log('warn', 'async invocation dropped: older than MaximumEventAgeInSeconds', meta);
      return;
    }
    let failure: string | undefined;
    try {
      const result = await this.invocations.invoke(event.resolved, event.request);
      if (result.functionError) failure = result.payload;
    } catch (error) {
      failure = error instanceof LambdaApiError ? `${error.errorType}: ${error.message}` : String(error);
    }
    if (failure === undefined) return;
    if (attempt >= event.maxRetries) {
      this.log('warn', `async invocation failed after ${attempt + 1} attempts: ${failure}`, meta);
      return;
    }
    const delay = this.retryDelaysMs[Math.min(attempt, this.retryDelaysMs.length - 1)] ?? 0;
    this.log('info', `async invocation failed, retrying in ${delay} ms: ${failure}`, meta);
    this.schedule(event, attempt + 1, delay);
  }
}
