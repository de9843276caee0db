/** How one invocation of a batch ended, as the poller acts on it. */
export type BatchOutcome =
  | { kind: 'ok' }
  /** The function failed (error, timeout, crash) or reported failed items: retry from `failedFrom`. */
  | { kind: 'failed'; failedFrom: number; reason: string }
  /** Throttled or otherwise not run: retried without counting an attempt. */
  | { kind: 'throttled'; reason: string };

/**
 * With ReportBatchItemFailures, a successful response may name failed records by sequence
 * number; Lambda retries from the earliest one (the records before it count as processed). A
 * response naming an identifier that is not in the batch fails the whole batch, as on Lambda.
 */
export function outcomeOfResponse(payload: string, sequenceNumbers: string[], reportsItemFailures: boolean): BatchOutcome {
  if (!reportsItemFailures) return { kind: 'ok' };
  let response: unknown;
  try {
    response = JSON.parse(payload);
  } catch {
    return { kind: 'ok' };
  }
  const failures = (response as { batchItemFailures?: unknown } | null)?.batchItemFailures;
  if (!Array.isArray(failures) || failures.length === 0) return { kind: 'ok' };
  let earliest = Infinity;
  for (const failure of failures) {
    const identifier = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    const index = typeof identifier === 'string' ? sequenceNumbers.indexOf(identifier) : -1;
    if (index < 0) return { kind: 'failed', failedFrom: 0, reason: 'batchItemFailures named a record not in the batch' };
    earliest = Math.min(earliest, index);
  }
  return { kind: 'failed', failedFrom: earliest, reason: `function reported ${failures.length} failed record(s)` };
}
