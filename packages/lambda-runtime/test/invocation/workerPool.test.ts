import { describe, expect, it } from '@jest/globals';
import type { ExecutionEnvironment } from '../../src/invocation/executor.js';
import { Worker } from '../../src/invocation/worker.js';
import { WorkerPool } from '../../src/invocation/workerPool.js';
import type { WorkerMessage } from '../../src/worker/protocol.js';

/** Environments the test starts up (or fails) by hand, so it decides what is ready first. */
function fakePool() {
  let clock = 0;
  const started: Array<{ worker: Worker; emit: (message: WorkerMessage) => void; exit: (description: string) => void; forDemand: boolean }> = [];
  const pool = new WorkerPool((forDemand) => {
    let listener: (message: WorkerMessage) => void = () => {};
    let exit!: (description: string) => void;
    const exited = new Promise<string>((resolve) => (exit = resolve));
    const environment: ExecutionEnvironment = {
      send: () => {},
      onMessage: (l) => (listener = l),
      onOutput: () => {},
      exited,
      kill: () => exit('signal: killed'),
    };
    const worker = new Worker(environment, () => clock, () => {});
    started.push({ worker, emit: (message) => listener(message), exit, forDemand });
    return worker;
  }, () => clock);
  return { pool, started, tick: () => ++clock };
}

/** Lets promise callbacks (ready -> offer -> waiter) run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('WorkerPool', () => {
  it('starts for demand only for a deployment\'s spare or a waiting invocation, not for its own speculative spares', async () => {
    const { pool, started } = fakePool();
    pool.prewarm(true); // CreateFunction / UpdateFunctionCode
    started[0]!.emit({ type: 'ready' });
    await settle();
    const first = await pool.acquire();
    await settle();
    expect(started.map((start) => start.forDemand)).toEqual([true, false]); // the spare after an acquire is speculative
    const waiting = pool.acquire(); // the speculative one is still starting: this one waits, and starts one
    expect(started.map((start) => start.forDemand)).toEqual([true, false]);
    const second = pool.acquire();
    expect(started.map((start) => start.forDemand)).toEqual([true, false, true]);
    started[1]!.emit({ type: 'ready' });
    started[2]!.emit({ type: 'ready' });
    pool.release(first);
    await Promise.all([waiting, second]);
  });

  it('keeps one spare started, and a first invocation takes it once it is ready', async () => {
    const { pool, started } = fakePool();
    pool.prewarm();
    expect(started).toHaveLength(1);
    const acquired = pool.acquire();
    // Still starting: the invocation waits for it instead of starting a second environment.
    expect(started).toHaveLength(1);
    started[0]!.emit({ type: 'ready' });
    expect(await acquired).toBe(started[0]!.worker);
    await settle();
    // Taken: the next spare starts.
    expect(started).toHaveLength(2);
  });

  it('under a burst, runs a waiting invocation on a warm environment released before the new one is ready', async () => {
    const { pool, started, tick } = fakePool();
    pool.prewarm();
    started[0]!.emit({ type: 'ready' });
    await settle();
    const busy = await pool.acquire();
    await settle();
    const spareCount = started.length;
    // The spare (started after the first acquire) is still starting, so this one waits...
    const waiting = pool.acquire();
    // ...and the warm environment comes back first: the invocation runs there.
    tick();
    pool.release(busy);
    expect(await waiting).toBe(busy);
    // The environment that was starting stays as the spare, for the next invocation.
    expect(started).toHaveLength(spareCount);
    started.at(-1)!.emit({ type: 'ready' });
    await settle();
    expect(pool.size).toBe(2);
  });

  it('starts one environment per invocation waiting at once, so concurrent load scales out', async () => {
    const { pool, started } = fakePool();
    const acquisitions = [pool.acquire(), pool.acquire(), pool.acquire()];
    expect(started).toHaveLength(3);
    for (const { emit } of started) emit({ type: 'ready' });
    const workers = await Promise.all(acquisitions);
    expect(new Set(workers).size).toBe(3);
  });

  it('hands an environment whose init failed to the waiting invocation, which reports the error', async () => {
    const { pool, started } = fakePool();
    const acquired = pool.acquire();
    started[0]!.emit({ type: 'initError', error: { errorType: 'Runtime.ImportModuleError', errorMessage: "Cannot find module 'index'" } });
    const worker = await acquired;
    const outcome = await worker.invoke({ type: 'invoke', requestId: 'r', payload: '{}', deadlineMs: 0, invokedFunctionArn: 'arn' }, 1000, () => {});
    expect(outcome).toEqual({ kind: 'initError', error: { errorType: 'Runtime.ImportModuleError', errorMessage: "Cannot find module 'index'" } });
  });

  it('prefers the most recently used idle environment, so the others idle out', async () => {
    const { pool, started, tick } = fakePool();
    const acquisitions = [pool.acquire(), pool.acquire()];
    for (const { emit } of started) emit({ type: 'ready' });
    const [a, b] = await Promise.all(acquisitions);
    const runOnce = async (worker: Worker): Promise<void> => {
      const done = worker.invoke({ type: 'invoke', requestId: 'r', payload: '{}', deadlineMs: 0, invokedFunctionArn: 'arn' }, 1000, () => {});
      started.find((entry) => entry.worker === worker)!.emit({ type: 'result', requestId: 'r', payload: 'null', memoryUsedMb: 1 });
      await done;
    };
    tick();
    await runOnce(b!);
    pool.release(b!);
    tick();
    await runOnce(a!);
    pool.release(a!);
    expect(await pool.acquire()).toBe(a);
  });

  it('gives a waiting invocation an exited environment when the pool closes, never leaving it hanging', async () => {
    const { pool } = fakePool();
    const waiting = pool.acquire();
    await pool.close();
    expect((await waiting).state).toBe('dead');
  });
});
