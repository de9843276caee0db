import type { Worker } from './worker.js';

/**
 * The warm environments of one function version: one invocation per environment at a time,
 * reused while warm, scaled out under concurrent load, reaped when idle. One spare stays
 * started ahead of demand, so a first invocation does not pay a process start.
 */
export class WorkerPool {
  private readonly available: Worker[] = [];
  private readonly all = new Set<Worker>();
  private closed = false;

  constructor(
    private readonly startWorker: () => Worker,
    private readonly now: () => number,
  ) {}

  get size(): number {
    return this.all.size;
  }

  /** Starts a spare environment if none is waiting. */
  prewarm(): void {
    if (this.closed || this.available.some((worker) => worker.state !== 'dead')) return;
    this.available.push(this.spawn());
  }

  async acquire(): Promise<Worker> {
    this.dropDead();
    // Prefer the most recently used warm environment: the rest idle out and are reaped, and a
    // still-starting spare is taken only when nothing warm is free.
    let warmIndex = -1;
    this.available.forEach((worker, index) => {
      if (worker.state === 'idle' && (warmIndex < 0 || worker.lastUsedAt > this.available[warmIndex]!.lastUsedAt)) warmIndex = index;
    });
    const worker = warmIndex >= 0 ? this.available.splice(warmIndex, 1)[0]! : (this.available.shift() ?? this.spawn());
    this.prewarm();
    await worker.ready;
    return worker;
  }

  release(worker: Worker): void {
    if (this.closed || worker.state === 'dead') {
      this.forget(worker);
      return;
    }
    this.available.push(worker);
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
    for (const worker of workers) worker.stop();
    await Promise.all(workers.map((worker) => worker.exited));
  }

  /** Stops waiting environments; busy ones stop when released. */
  retire(): void {
    this.closed = true;
    for (const worker of this.available.splice(0)) this.forget(worker);
  }

  private spawn(): Worker {
    const worker = this.startWorker();
    this.all.add(worker);
    void worker.exited.then(() => {
      this.all.delete(worker);
      const index = this.available.indexOf(worker);
      if (index >= 0) this.available.splice(index, 1);
    });
    return worker;
  }

  private forget(worker: Worker): void {
    worker.stop();
    const index = this.available.indexOf(worker);
    if (index >= 0) this.available.splice(index, 1);
  }

  private dropDead(): void {
    for (const worker of [...this.available]) if (worker.state === 'dead') this.forget(worker);
  }
}
