import { readFile } from 'node:fs/promises';

/** Resident set size of a process in MiB, from /proc/<pid>/status (Linux). */
export async function residentMegabytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  if (!match) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Math.round((Number(match[1]) / 1024) * 10) / 10;
}
