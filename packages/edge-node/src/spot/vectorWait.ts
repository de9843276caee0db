/**
 * Resolves true once `vector()` covers every entry of `target`, false after `timeoutMs`.
 * The replicator has no change event, so this polls; 2 ms keeps the added latency small
 * (a replicated write takes a batch window of ~5 ms anyway) at negligible cost while waiting.
 */
export async function waitForVector(
  vector: () => Record<string, number>,
  target: Record<string, number>,
  timeoutMs: number,
  pollMs = 2,
): Promise<boolean> {
  const covered = () => {
    const current = vector();
    return Object.entries(target).every(([origin, seq]) => (current[origin] ?? 0) >= seq);
  };
  if (covered()) return true;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, pollMs));
    if (covered()) return true;
  }
  return false;
}
