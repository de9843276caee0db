import { describe, expect, it } from '@jest/globals';
import { FunctionLogs } from '../../src/logs/functionLogs.js';

describe('FunctionLogs', () => {
  it('keeps a bounded ring per function and tails by time and count', () => {
    let now = 1000;
    const logs = new FunctionLogs(20, () => now);
    logs.append('t', 'fn', 'aaaaaaaaaa');
    now = 2000;
    logs.append('t', 'fn', 'bbbbbbbbbb');
    now = 3000;
    logs.append('t', 'fn', 'cccccccccc');
    expect(logs.tail('t', 'fn').map((line) => line.message)).toEqual(['bbbbbbbbbb', 'cccccccccc']);
    expect(logs.tail('t', 'fn', { sinceMs: 2000 }).map((line) => line.timestamp)).toEqual([3000]);
    expect(logs.tail('t', 'fn', { limit: 1 }).map((line) => line.message)).toEqual(['cccccccccc']);
    expect(logs.tail('other', 'fn')).toEqual([]);
  });
});
