import type { Worker } from './worker.js';

interface Waiter {
  resolve: (worker: Worker) => void;
  reject: (error: unknown) => void;
}

/**
 * The warm environments of one function version: one invocation per environment at a time,
 * reused while warm, scaled out under concurrent load, reaped when idle. One spare stays
 * started ahead of demand, so a first invocation does not pay a process start.
 *
 * Scaling out: an invocation that finds no free environment starts a new one, but runs on
 * whichever is free first, that new one or a warm one released meanwhile (usually: an invocation
 * takes milliseconds, a process start tens to hundreds). The new environment then stays as a
 * spare. So a burst never waits for process starts it does not need, and under steady load the
 * environments that are already warm keep the work.
 */
export class WorkerPool {
  /** Ready environments not in use (idle ones, and ones whose init failed, to report it). */
  private readonly available: Worker[] = [];
  /** Started, not ready yet, promised to nobody. */
  private readonly starting = new Set<Worker>();
  private readonly waiters: Waiter[] = [];
  private readonly all = new Set<Worker>();
  private closed = false;

  constructor(
    /** `forDemand`: an invocation waits for it, or the function was just deployed (it may use a node-wide spare). */
    private readonly startWorker: (forDemand: boolean) => Worker,
    private readonly now: () => number,
  ) {}

  get size(): number {
    return this.all.size;
  }

  /**
   * Starts a spare environment if none is waiting or starting. `forDemand` when the function was
   * just deployed (its first invocation is likely near); the pool's own spares after an acquire are
   * speculative and leave the node-wide spares (spareEnvironments.ts) to other functions' cold starts.
   */
  prewarm(forDemand = false): void {
    if (this.closed || this.starting.size > 0 || this.available.some((worker) => worker.state !== 'dead')) return;
    this.spawn(forDemand);
  }

  acquire(): Promise<Worker> {
    this.dropDead();
    const ready = this.takeAvailable();
    if (ready) {
      this.prewarm();
      return Promise.resolve(ready);
    }
    return new Promise<Worker>((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      // One start per waiting invocation at most: each waiter is sure to get an environment.
      if (this.starting.size >= this.waiters.length) return;
      try {
        this.spawn(true);
      } catch (error) {
        this.waiters.pop();
        reject(error);
      }
    });
  }

  release(worker: Worker): void {
    if (worker.state === 'dead' || (this.closed && this.waiters.length === 0)) {
      this.forget(worker);
      return;
    }
    this.offer(worker);
  }

  /** Stops environments idle longer than `idleMs`; the spare goes too once it has idled that long. */
  reap(idleMs: number): void {
    const cutoff = this.now() - idleMs;
    for (const worker of [...this.available]) {
      if (worker.state === 'idle' && worker.lastUsedAt < cutoff) this.forget(worker);
    }
  }

  get idle(): boolean {
    return this.available.length === this.all.size;
  }

  async close(): Promise<void> {
    this.closed = true;
    const workers = [...this.all];
    this.available.splice(0);
    // Waiters get the environments that are starting; those are stopped now, so they report an exit.
    for (const worker of workers) worker.stop();
    await Promise.all(workers.map((worker) => worker.exited));
  }

  /** Stops waiting environments; busy ones stop when released. */
  retire(): void {
    this.closed = true;
    for (const worker of this.available.splice(0)) this.forget(worker);
    if (this.waiters.length === 0) for (const worker of this.starting) this.forget(worker);
  }

  /** The most recently used idle environment (the others idle out and are reaped), else one whose init failed. */
  private takeAvailable(): Worker | undefined {
    let chosen = -1;
    this.available.forEach((worker, index) => {
      if (worker.state === 'idle' && (chosen < 0 || worker.lastUsedAt > this.available[chosen]!.lastUsedAt)) chosen = index;
    });
    if (chosen < 0) chosen = this.available.findIndex((worker) => worker.state !== 'dead');
    return chosen < 0 ? undefined : this.available.splice(chosen, 1)[0];
  }

  /** Hands a ready or released environment to the longest-waiting invocation, or keeps it. */
  private offer(worker: Worker): void {
    const waiter = this.waiters.shift();
    if (waiter) {
      waiter.resolve(worker);
      this.prewarm();
      return;
    }
    if (this.closed) {
      this.forget(worker);
      return;
    }
    this.available.push(worker);
  }

  private spawn(forDemand: boolean): Worker {
    const worker = this.startWorker(forDemand);
    this.all.add(worker);
    this.starting.add(worker);
    // `ready` also settles when the environment failed its init or exited: the invocation it goes
    // to reports that, as Lambda does.
    void worker.ready.then(() => {
      if (!this.starting.delete(worker)) return;
      this.offer(worker);
    });
    void worker.exited.then(() => {
      this.all.delete(worker);
      const index = this.available.indexOf(worker);
      if (index >= 0) this.available.splice(index, 1);
    });
    return worker;
  }

  private forget(worker: Worker): void {
    worker.stop();
    this.starting.delete(worker);
    const index = this.available.indexOf(worker);
    if (index >= 0) this.available.splice(index, 1);
  }

  private dropDead(): void {
    for (const worker of [...this.available]) if (worker.state === 'dead') this.forget(worker);
  }
}
