import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HolderFile } from '../../src/escrow/holderFile.js';
import { makeTempDir } from '../helpers/tempDir.js';

/** A pid no process has (above Linux's pid_max default of 4194304). */
const DEAD_PID = 4_194_999;

describe('HolderFile (the escrow holders of a PoP data dir)', () => {
  let temp: { path: string; remove(): Promise<void> };
  let file: string;
  beforeEach(async () => {
    temp = await makeTempDir('kuhiro-holders-');
    file = join(temp.path, 'escrow-holders.json');
  });
  afterEach(() => temp.remove());

  const holdersInFile = () => (JSON.parse(readFileSync(file, 'utf8')) as { holders: Array<{ holder: string }> }).holders.map((entry) => entry.holder);

  it('records each process before it can ask for escrow and names dead predecessors until they are forgotten', () => {
    expect(new HolderFile(file, 'pop/1').predecessors).toEqual([]);
    expect(holdersInFile()).toEqual(['pop/1']);
    // pop/1 was this very process, so it counts as gone (as after a restart in a container).
    const second = new HolderFile(file, 'pop/2');
    expect(second.predecessors).toEqual(['pop/1']);
    expect(holdersInFile()).toEqual(['pop/1', 'pop/2']);
    second.forget(['pop/1']);
    expect(holdersInFile()).toEqual(['pop/2']);
  });

  it('never names a predecessor whose process still runs (two nodes on one data dir), and keeps it listed', () => {
    writeFileSync(file, JSON.stringify({ holders: [{ holder: 'pop/alive', pid: process.ppid }, { holder: 'pop/dead', pid: DEAD_PID }] }));
    const current = new HolderFile(file, 'pop/3');
    expect(current.predecessors).toEqual(['pop/dead']);
    current.forget(current.predecessors);
    expect(holdersInFile()).toEqual(['pop/alive', 'pop/3']);
  });
});
