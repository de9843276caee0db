import { describe, expect, it } from '@jest/globals';
import { endLine, logTail, reportLine, startLine } from '../../src/invocation/reportLines.js';

describe('report lines', () => {
  it('writes START, END and REPORT as Lambda does', () => {
    expect(startLine('r1', '$LATEST')).toBe('START RequestId: r1 Version: $LATEST');
    expect(endLine('r1')).toBe('END RequestId: r1');
    expect(reportLine({ requestId: 'r1', durationMs: 12.345, memorySizeMb: 128, memoryUsedMb: 60, initDurationMs: 150.5 })).toBe(
      'REPORT RequestId: r1\tDuration: 12.35 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\tInit Duration: 150.50 ms\t',
    );
    expect(reportLine({ requestId: 'r1', durationMs: 1000, memorySizeMb: 128, memoryUsedMb: 60, initDurationMs: undefined, status: 'timeout' })).toContain('\tStatus: timeout\t');
  });

  it('keeps the last 4 KB of the log, base64', () => {
    const tail = Buffer.from(logTail(['a'.repeat(5000), 'last line'], 4096), 'base64').toString();
    expect(tail).toHaveLength(4096);
    expect(tail.endsWith('last line\n')).toBe(true);
    expect(Buffer.from(logTail(['short'], 4096), 'base64').toString()).toBe('short\n');
  });
});
