import { execFileSync } from 'node:child_process';

/** The command lines (process titles) of every process below `root`. */
export function descendantCommandLines(root: number): string[] {
  const rows = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' }).split('\n');
  const parsed = rows.map((row) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(row)).filter((match) => match !== null);
  const below = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [, pid, ppid] of parsed) {
      if (below.has(Number(ppid)) && !below.has(Number(pid))) {
        below.add(Number(pid));
        grew = true;
      }
    }
  }
  return parsed.filter(([, pid]) => Number(pid) !== root && below.has(Number(pid))).map(([, , , args]) => args!);
}

/**
 * Unclaimed spare Lambda environments below `root`, polled until there are `expected` (spares
 * boot after a node's ready line) or 30 s pass; returns the last count.
 */
export async function spareEnvironmentsBelow(root: number, expected: number): Promise<number> {
  const deadline = Date.now() + 30_000;
  let spares = 0;
  while (Date.now() < deadline) {
    spares = descendantCommandLines(root).filter((line) => line.includes('kuhiro spare environment (unclaimed)')).length;
    if (spares >= expected) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return spares;
}
