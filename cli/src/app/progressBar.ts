import { SingleBar } from 'cli-progress';

export interface ProgressSink {
  start(label: string, total: number): void;
  increment(by: number): void;
  stop(): void;
}

/**
 * A progress bar on stderr with items/s and ETA (cli-progress). It draws only on a terminal;
 * elsewhere (CI logs, tests) the callers print one summary line per table instead.
 */
export function stderrProgress(): ProgressSink {
  const bar = new SingleBar({
    stream: process.stderr,
    format: '{label} [{bar}] {percentage}% | {value}/{total} items | {speed} items/s | ETA {eta_formatted}',
    hideCursor: true,
    etaBuffer: 50,
    fps: 5,
  });
  let started = 0;
  let copied = 0;
  let label = '';
  const speed = () => Math.round(copied / Math.max(0.001, (Date.now() - started) / 1000));
  return {
    start(newLabel, total) {
      label = newLabel;
      started = Date.now();
      copied = 0;
      bar.start(Math.max(total, 1), 0, { label, speed: 0 });
    },
    increment(by) {
      copied += by;
      // The total is DescribeTable's ItemCount, which AWS refreshes about every six hours: grow it
      // rather than show more than 100 %.
      if (copied > bar.getTotal()) bar.setTotal(copied);
      bar.increment(by, { label, speed: speed() });
    },
    stop() {
      bar.stop();
    },
  };
}

export const silentProgress: ProgressSink = { start() {}, increment() {}, stop() {} };
