import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

interface HolderEntry {
  holder: string;
  /** The process that used it: a holder whose process still runs is never retired. */
  pid: number;
}

/**
 * The escrow holders (`pop/epoch`, one per process) that used this PoP's data dir and have not
 * been retired at central yet. The current process's holder is written, durably, before it
 * can ask central for anything, so after a kill -9 the next process knows whose escrow to hand
 * back (escrowMessages.ts EscrowRetireRequest). A few lines, rewritten atomically.
 *
 * Retiring a holder whose process is still alive would let it spend escrow central already
 * counts as free, so a predecessor whose pid is alive (two nodes started on one data dir by
 * mistake) is not retired: its escrow stays parked, which is safe. Our own pid is never "the
 * other process" (in a container the restarted node often gets the same pid).
 */
export class HolderFile {
  /** Holders of earlier processes, still to be retired. */
  readonly predecessors: string[];

  /** `fsync: false` only for simulations: without it a crash can lose the record of a holder. */
  constructor(private readonly file: string, private readonly self: string, private readonly fsync = true) {
    const earlier = readHolders(file).filter((entry) => entry.holder !== self);
    this.predecessors = earlier.filter((entry) => entry.pid === process.pid || !isAlive(entry.pid)).map((entry) => entry.holder);
    this.write([...earlier, { holder: self, pid: process.pid }]);
  }

  /** Central recorded their retirement: they need not be named again. */
  forget(retired: string[]): void {
    const remaining = readHolders(this.file).filter((entry) => !retired.includes(entry.holder));
    if (!remaining.some((entry) => entry.holder === this.self)) remaining.push({ holder: this.self, pid: process.pid });
    this.write(remaining);
  }

  private write(holders: HolderEntry[]): void {
    const temp = `${this.file}.tmp`;
    writeFileSync(temp, JSON.stringify({ holders }));
    if (!this.fsync) {
      renameSync(temp, this.file);
      return;
    }
    const handle = openSync(temp, 'r');
    try {
      fsyncSync(handle);
    } finally {
      closeSync(handle);
    }
    renameSync(temp, this.file);
    // The rename itself must survive a crash too.
    const dir = openSync(dirname(this.file), 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  }
}

function readHolders(file: string): HolderEntry[] {
  try {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { holders?: unknown };
    if (!Array.isArray(saved.holders)) return [];
    return saved.holders.filter((entry): entry is HolderEntry => typeof (entry as HolderEntry)?.holder === 'string' && Number.isInteger((entry as HolderEntry).pid));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}
