import { readdirSync, readFileSync } from 'node:fs';

/** Parent pid of a live process, from /proc (Linux), or undefined when it is gone. */
function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name in parentheses may hold spaces; the fields after its ')' are fixed.
    const afterName = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const state = afterName[0];
    if (state === 'Z' || state === 'X') return undefined; // a zombie has ended
    return Number(afterName[1]);
  } catch {
    return undefined;
  }
}

/** Every live descendant of a process (children, grandchildren, ...). */
export function descendantsOf(root: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const parent = parentOf(Number(entry));
    if (parent !== undefined) parents.set(Number(entry), parent);
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length) {
    const current = queue.shift()!;
    for (const [pid, parent] of parents) {
      if (parent === current) {
        found.push(pid);
        queue.push(pid);
      }
    }
  }
  return found;
}

export function isAlive(pid: number): boolean {
  return parentOf(pid) !== undefined;
}
