/** Knobs of the invocation engine; the defaults are Lambda's behaviour where Lambda has one. */
export interface LambdaTuning {
  /** An idle environment is stopped after this long (Lambda keeps them for minutes). */
  idleTimeoutMs: number;
  /** Node-wide cap on concurrent invocations (Lambda's account concurrency; 1000 there, small on an edge box). */
  maxConcurrentInvocations: number;
  /** Delays before the retries of a failed Event invocation: Lambda waits about 1 and then 2 minutes. */
  asyncRetryDelaysMs: number[];
  /** Characters of recent log kept per function for `tailLogs`. */
  logCharsPerFunction: number;
  /** A code package no version uses is removed no sooner than this after it was last stored (uploads commit within ms). */
  codePackageGraceMs: number;
  /**
   * Memory sizes (MB) for which the node keeps one pre-started spare environment, claimed by the
   * next function of that size that starts an environment (spareEnvironments.ts). Lambda's
   * default, 128, unless configured; [] keeps none. Each costs an idle `node` process (~40 MB RSS).
   */
  spareMemorySizesMb: number[];
}

export const DEFAULT_TUNING: LambdaTuning = {
  idleTimeoutMs: 5 * 60_000,
  maxConcurrentInvocations: 64,
  asyncRetryDelaysMs: [60_000, 120_000],
  logCharsPerFunction: 1024 * 1024,
  codePackageGraceMs: 10_000,
  spareMemorySizesMb: [128],
};
