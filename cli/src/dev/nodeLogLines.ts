/**
 * What of a node's JSON log a developer watching `kuhiro dev` wants on the terminal: their
 * functions' output (console lines, START/END/REPORT, timeouts) and the node's warnings and
 * errors. Everything stays in the node's log file; this only picks and shortens.
 */
export function formatNodeLogLine(line: string, popName: string): string | undefined {
  if (line.trim() === '') return undefined;
  let record: { level?: string; msg?: string; function?: string };
  try {
    record = JSON.parse(line) as typeof record;
  } catch {
    return `[${popName}] ${line}`;
  }
  if (typeof record.function === 'string') return `[${record.function}] ${record.msg ?? ''}`;
  if (record.level === 'warn' || record.level === 'error') return `[${popName}] ${record.level}: ${record.msg ?? ''}`;
  return undefined;
}
