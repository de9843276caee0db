/**
 * Node's permission model does not cover signals: code running as the node's user could
 * `process.kill(process.ppid)` the node or another function's worker. `process.kill` goes
 * through `process._kill` (lib/internal/process/per_thread.js), so guarding that one function
 * guards both: a signal to any process but this one fails with EPERM, as the OS answers a
 * process that may not signal another. Installed before user code loads, and not replaceable.
 */
const UV_EPERM = -1;

export function guardProcessSignals(): void {
  const processWithKill = process as unknown as { _kill: (pid: number, signal: number) => number };
  const rawKill = processWithKill._kill.bind(process);
  Object.defineProperty(process, '_kill', {
    value: (pid: number, signal: number): number => (pid === process.pid || pid === 0 ? rawKill(process.pid, signal) : UV_EPERM),
    writable: false,
    configurable: false,
  });
}
