/**
 * Runs tasks one after another. Central reads a counter, checks it against the ledger and
 * writes (or grants) with awaits in between, so everything touching counters is serialized.
 */
export function createSerialLock(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}
