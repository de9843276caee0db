/** The platform lines Lambda writes around every invocation, in its text log format. */
export function startLine(requestId: string, version: string): string {
  return `START RequestId: ${requestId} Version: ${version}`;
}

export function endLine(requestId: string): string {
  return `END RequestId: ${requestId}`;
}

export function reportLine(report: { requestId: string; durationMs: number; memorySizeMb: number; memoryUsedMb: number | undefined; initDurationMs: number | undefined; status?: string }): string {
  const parts = [
    `REPORT RequestId: ${report.requestId}`,
    `Duration: ${report.durationMs.toFixed(2)} ms`,
    `Billed Duration: ${Math.max(1, Math.ceil(report.durationMs))} ms`,
    `Memory Size: ${report.memorySizeMb} MB`,
    `Max Memory Used: ${report.memoryUsedMb ?? 0} MB`,
  ];
  if (report.initDurationMs !== undefined) parts.push(`Init Duration: ${report.initDurationMs.toFixed(2)} ms`);
  if (report.status) parts.push(`Status: ${report.status}`);
  // Lambda ends the REPORT line with a tab.
  return `${parts.join('\t')}\t`;
}

/** LogType Tail: the last 4 KB of the invocation's log, base64. */
export function logTail(lines: string[], maxBytes: number): string {
  const text = Buffer.from(lines.map((line) => `${line}\n`).join(''), 'utf8');
  return text.subarray(Math.max(0, text.byteLength - maxBytes)).toString('base64');
}
