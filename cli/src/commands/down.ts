import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { UsageError } from '../usageError.js';
import { PID_FILE } from './up.js';

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isRunning(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

/** `kuhiro down`: stops the PoPs a `kuhiro up --detach` started (by the pids it recorded). */
export function downCommand(): Command {
  return new Command('down')
    .description('Stop the network `kuhiro up --detach` started.')
    .option('--data <dir>', 'the data directory given to kuhiro up', '.kuhiro')
    .action(async (flags: { data: string }) => {
      const pidFile = join(resolve(flags.data), PID_FILE);
      if (!existsSync(pidFile)) throw new UsageError(`no running network recorded in ${pidFile} (was it started with kuhiro up --detach?)`);
      const { pids } = JSON.parse(readFileSync(pidFile, 'utf8')) as { pids: Array<{ name: string; pid: number }> };
      await Promise.all(
        pids.map(async ({ name, pid }) => {
          if (!isRunning(pid)) return;
          process.kill(pid, 'SIGTERM');
          if (!(await waitGone(pid, 10_000))) {
            process.stderr.write(`kuhiro down: ${name} (pid ${pid}) did not stop in 10 s; killing it\n`);
            process.kill(pid, 'SIGKILL');
          }
        }),
      );
      rmSync(pidFile);
      process.stdout.write(`kuhiro network stopped (${pids.length} PoPs)\n`);
    });
}
