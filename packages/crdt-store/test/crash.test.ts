import { afterAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { N, S, StoreFixture } from './storeFixture.js';

const fixture = new StoreFixture();
afterAll(() => fixture.cleanup());

const writerScript = fileURLToPath(new URL('./fixtures/writer.js', import.meta.url));

/** Runs the writer until it acknowledged `atLeast` writes, then SIGKILLs it; returns the acknowledged keys. */
function runAndKill(dataDir: string, atLeast: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [writerScript, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
    const acknowledged: string[] = [];
    let buffered = '';
    let killed = false;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) if (line.startsWith('item-')) acknowledged.push(line);
      if (!killed && acknowledged.length >= atLeast) {
        killed = true;
        process.kill(child.pid!, 'SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (signal === 'SIGKILL') resolve(acknowledged);
      else reject(new Error(`writer exited on its own (${_code})`));
    });
  });
}

describe('crash safety', () => {
  it('keeps every acknowledged write after kill -9, twice in a row', async () => {
    const dataDir = await fixture.dataDir();
    const firstRun = await runAndKill(dataDir, 300 + Math.floor(Math.random() * 300));
    const secondRun = await runAndKill(dataDir, 200); // restarts on the crashed data, then crashes again
    const store = await fixture.open({ dataDir, fsync: 'batch' });
    const table = store.getTable('crash', 'Acked');
    expect(table).toBeDefined();
    const missing = [...firstRun, ...secondRun].filter((pk) => store.getItem(table!, { pk: S(pk) }) === undefined);
    expect(missing).toEqual([]);
    // The writer restarted its counter, so the second run overwrote item-0..; values are whole items.
    const sample = store.getItem(table!, { pk: S(secondRun[0]!) });
    expect(sample).toEqual({ pk: S(secondRun[0]!), n: N(secondRun[0]!.slice('item-'.length)) });
  }, 60_000);
});
