import { IdempotentParameterMismatchException } from '../errors.js';

/** AWS honours a TransactWriteItems ClientRequestToken for 10 minutes. */
export const IDEMPOTENCY_WINDOW_MS = 10 * 60 * 1000;

interface Entry {
  fingerprint: string;
  result: Promise<object>;
  expiresAtMs: number;
}

/**
 * TransactWriteItems idempotency: a request repeated with the same token and parameters
 * within the window gets the first one's answer without writing again (SDKs retry with the
 * same token after a lost response); the same token with other parameters is refused.
 * Failed requests are forgotten, so a retry runs again. Concurrent duplicates share the
 * first request's promise.
 */
export class IdempotencyTokens {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number) {}

  run(tenant: string, token: string, fingerprint: string, execute: () => Promise<object>): Promise<object> {
    const nowMs = this.now();
    this.evictExpired(nowMs);
    const id = `${tenant}\u0000${token}`;
    const existing = this.entries.get(id);
    if (existing) {
      if (existing.fingerprint !== fingerprint) {
        return Promise.reject(
          new IdempotentParameterMismatchException(
            'DynamoDB rejected the request because you retried a request with a different payload but with an idempotent token that was already used.',
          ),
        );
      }
      return existing.result;
    }
    const result = execute();
    this.entries.set(id, { fingerprint, result, expiresAtMs: nowMs + IDEMPOTENCY_WINDOW_MS });
    result.catch(() => this.entries.delete(id));
    return result;
  }

  private evictExpired(nowMs: number): void {
    // Map iteration is insertion order, which is expiry order: stop at the first live entry.
    for (const [id, entry] of this.entries) {
      if (entry.expiresAtMs > nowMs) break;
      this.entries.delete(id);
    }
  }
}
