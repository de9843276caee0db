import { readdir, readFile } from 'node:fs/promises';

/** Kernel clock ticks per second for /proc/<pid>/stat times (USER_HZ; 100 on every Linux build in use). */
const TICKS_PER_SECOND = 100;

/**
 * CPU time (user + system, ms) used so far by a process and every live descendant, from
 * /proc/<pid>/stat (Linux). Unlike latency, CPU time per request barely moves with the machine's
 * background load, so it compares two servers fairly on a shared box. Processes that already
 * exited are not counted.
 */
export async function processTreeCpuMs(rootPid: number): Promise<number> {
  const stats = new Map<number, { parent: number; ticks: number }>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const text = await readFile(`/proc/${entry}/stat`, 'utf8');
      // The command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'.
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      stats.set(Number(entry), { parent: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // Gone between readdir and read.
    }
  }
  const children = new Map<number, number[]>();
  for (const [pid, { parent }] of stats) children.set(parent, [...(children.get(parent) ?? []), pid]);
  let ticks = 0;
  const pending = [rootPid];
  while (pending.length > 0) {
    const pid = pending.pop()!;
    ticks += stats.get(pid)?.ticks ?? 0;
    pending.push(...(children.get(pid) ?? []));
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}
