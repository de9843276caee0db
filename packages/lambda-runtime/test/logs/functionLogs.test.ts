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

  it('keeps exactly the newest lines that fit after many thousands were dropped', () => {
    let now = 0;
    const logs = new FunctionLogs(50, () => now);
    for (let i = 0; i < 5000; i++) {
      now = i;
      logs.append('t', 'fn', `line-${String(i).padStart(5, '0')}`);
    }
    expect(logs.tail('t', 'fn').map((line) => line.message)).toEqual(['line-04995', 'line-04996', 'line-04997', 'line-04998', 'line-04999']);
    expect(logs.tail('t', 'fn', { sinceMs: 4997 }).map((line) => line.timestamp)).toEqual([4998, 4999]);
    expect(logs.tail('t', 'fn', { limit: 2 }).map((line) => line.message)).toEqual(['line-04998', 'line-04999']);
  });
});
