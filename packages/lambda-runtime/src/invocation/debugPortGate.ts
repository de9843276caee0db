/**
 * Hands an inspector port to one process at a time. The pool starts a spare environment ahead of
 * demand, but a second process on the same port would fail to bind it (Node then runs on without
 * an inspector, so a breakpoint would silently not hit). The spare waits here, in order, until
 * the process holding the port has exited.
 */
export class InspectorPortGate {
  private readonly holders = new Map<number, Promise<void>>();

  /** Resolves with `release` once the port is the caller's; call it when its process has exited (or was never started). */
  acquire(port: number): Promise<() => void> {
    const previous = this.holders.get(port) ?? Promise.resolve();
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const chain = previous.then(() => released);
    this.holders.set(port, chain);
    // Dropped once the last holder is done, so the map does not keep a chain per start.
    void chain.then(() => {
      if (this.holders.get(port) === chain) this.holders.delete(port);
    });
    return previous.then(() => release);
  }
}
