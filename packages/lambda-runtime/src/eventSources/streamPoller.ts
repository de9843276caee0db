import { outcomeOfResponse, type BatchOutcome } from './batchOutcome.js';
import { matchesPattern, parseFilterPattern, type FilterPattern } from './filterPattern.js';
import type { MappingState } from './mappingTypes.js';
import type { StreamSource, TriggerStreamRecord } from './streamSource.js';

export interface PollerDeps {
  source: StreamSource;
  /** Invokes the mapping's function with a `{ Records }` event. */
  invoke(mapping: MappingState, payload: string): Promise<{ functionError?: string; payload: string } | { throttled: string }>;
  /** Hands a batch that will not be retried to the OnFailure destination (if any). */
  discard(mapping: MappingState, records: TriggerStreamRecord[], condition: 'RetryAttemptsExhausted' | 'RecordAgeExceeded', attempts: number): void;
  /** The checkpoint (or the processing result) changed: persist it. */
  changed(mapping: MappingState): void;
  now(): number;
  /** Delay before retry number `attempt` (1-based). */
  retryDelayMs(attempt: number): number;
}

/** With nothing to read, the poller also looks again this often (besides append notifications). */
const IDLE_POLL_MS = 1000;

/**
 * Delivers one mapping's stream to its function, batch after batch, in sequence order: a failed
 * batch is retried (or bisected) before anything after it is sent, and the checkpoint moves only
 * past records that were delivered, filtered out or handed to OnFailure. Records replicated from
 * another PoP are skipped: their change triggered the function at the PoP where it was written.
 */
export class StreamPoller {
  private stopped = false;
  /** Ends the current sleep early on new records (not during a retry back-off). */
  private wake: (() => void) | undefined;
  /** Ends any sleep (stop). */
  private cancelSleep: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private filters: FilterPattern[] = [];

  constructor(
    readonly mapping: MappingState,
    private readonly deps: PollerDeps,
  ) {
    this.filters = (mapping.filterCriteria?.Filters ?? []).map((filter) => parseFilterPattern(filter.Pattern));
  }

  start(): void {
    this.loop ??= this.run().catch(() => undefined);
  }

  /** New records may be there. */
  notify(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelSleep?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    const { mapping, deps } = this;
    while (!this.stopped) {
      const records = deps.source.readAfter(mapping.eventSourceArn, mapping.checkpoint, mapping.batchSize);
      if (records.length === 0) {
        await this.sleep(IDLE_POLL_MS);
        continue;
      }
      // The batching window: wait for a full batch, at most the window after the oldest record.
      const windowEnd = records[0]!.appendedAtMs + mapping.maximumBatchingWindowInSeconds * 1000;
      if (records.length < mapping.batchSize && deps.now() < windowEnd) {
        await this.sleep(windowEnd - deps.now());
        continue;
      }
      const deliverable = records.filter((entry) => entry.origin === 'local' && this.matches(entry));
      if (deliverable.length > 0 && !(await this.deliver(deliverable, 0))) return;
      mapping.checkpoint = records[records.length - 1]!.record.dynamodb.SequenceNumber;
      deps.changed(mapping);
    }
  }

  private matches(entry: TriggerStreamRecord): boolean {
    return this.filters.length === 0 || this.filters.some((filter) => matchesPattern(filter, entry.record));
  }

  /** Delivers the batch until it succeeds or is discarded; false if the poller stopped first. */
  private async deliver(batch: TriggerStreamRecord[], attemptsBefore: number): Promise<boolean> {
    const { mapping, deps } = this;
    let pending = batch;
    let attempts = attemptsBefore;
    while (!this.stopped) {
      if (mapping.maximumRecordAgeInSeconds !== -1) {
        const oldest = deps.now() - mapping.maximumRecordAgeInSeconds * 1000;
        const expired = pending.filter((entry) => entry.appendedAtMs < oldest);
        if (expired.length > 0) {
          deps.discard(mapping, expired, 'RecordAgeExceeded', attempts);
          pending = pending.filter((entry) => entry.appendedAtMs >= oldest);
          if (pending.length === 0) return true;
        }
      }
      const outcome = await this.invoke(pending);
      // Stopped meanwhile (the node closing kills running invocations): that is no verdict on the batch.
      if (this.stopped) return false;
      if (outcome.kind === 'ok') {
        this.setResult('OK');
        return true;
      }
      if (outcome.kind === 'throttled') {
        await this.sleep(deps.retryDelayMs(1), false);
        continue;
      }
      this.setResult('PROBLEM: Function call failed');
      if (outcome.failedFrom > 0) {
        // The records before the first failed one are done: checkpoint them now.
        mapping.checkpoint = pending[outcome.failedFrom - 1]!.record.dynamodb.SequenceNumber;
        deps.changed(mapping);
        pending = pending.slice(outcome.failedFrom);
      }
      attempts++;
      if (mapping.maximumRetryAttempts !== -1 && attempts > mapping.maximumRetryAttempts) {
        deps.discard(mapping, pending, 'RetryAttemptsExhausted', attempts);
        return true;
      }
      if (mapping.bisectBatchOnFunctionError && pending.length > 1) {
        const half = Math.ceil(pending.length / 2);
        if (!(await this.deliver(pending.slice(0, half), attempts))) return false;
        return this.deliver(pending.slice(half), attempts);
      }
      await this.sleep(deps.retryDelayMs(attempts), false);
    }
    return false;
  }

  private async invoke(batch: TriggerStreamRecord[]): Promise<BatchOutcome> {
    const { mapping } = this;
    const payload = JSON.stringify({ Records: batch.map((entry) => ({ ...entry.record, eventSourceARN: mapping.eventSourceArn })) });
    const result = await this.deps.invoke(mapping, payload);
    if ('throttled' in result) return { kind: 'throttled', reason: result.throttled };
    if (result.functionError !== undefined) return { kind: 'failed', failedFrom: 0, reason: result.payload };
    const sequenceNumbers = batch.map((entry) => entry.record.dynamodb.SequenceNumber);
    return outcomeOfResponse(result.payload, sequenceNumbers, mapping.functionResponseTypes.includes('ReportBatchItemFailures'));
  }

  private setResult(result: string): void {
    if (this.mapping.lastProcessingResult === result) return;
    this.mapping.lastProcessingResult = result;
    this.deps.changed(this.mapping);
  }

  private sleep(ms: number, wakeOnRecords = true): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        this.cancelSleep = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.cancelSleep = done;
      if (wakeOnRecords) this.wake = done;
    });
  }
}
