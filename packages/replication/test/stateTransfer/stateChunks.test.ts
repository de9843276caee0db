import { describe, it, expect } from '@jest/globals';
import type { RecordEntry } from '../../src/index.js';
import { stateChunks, stateEntryBytes } from '../../src/stateTransfer/stateChunks.js';

const entry = (i: number, bytes = 100): RecordEntry => ({ tenant: 't', table: 'items', key: `k${String(i).padStart(3, '0')}`, scope: 'all', update: new Uint8Array(bytes) });

async function collect(source: Parameters<typeof stateChunks>[0], maxBytes: number): Promise<Array<{ entries: RecordEntry[]; last: boolean }>> {
  const chunks = [];
  for await (const chunk of stateChunks(source, maxBytes)) chunks.push(chunk);
  return chunks;
}

describe('stateChunks', () => {
  it('keeps every entry in order, cuts near the budget and marks only the final frame last', async () => {
    const entries = Array.from({ length: 50 }, (_, i) => entry(i));
    const size = stateEntryBytes(entries[0]!);
    const chunks = await collect(entries, size * 8 + 1);
    expect(chunks.flatMap((chunk) => chunk.entries)).toEqual(entries);
    expect(chunks.map((chunk) => chunk.entries.length)).toEqual([8, 8, 8, 8, 8, 8, 2]);
    expect(chunks.map((chunk) => chunk.last)).toEqual([false, false, false, false, false, false, true]);
  });

  it('pulls a lazy source only as frames are taken', async () => {
    let produced = 0;
    async function* source(): AsyncGenerator<RecordEntry> {
      for (let i = 0; i < 1000; i++) {
        produced++;
        yield entry(i);
      }
    }
    const iterator = stateChunks(source(), stateEntryBytes(entry(0)) * 10);
    const first = await iterator.next();
    expect(first.value?.entries).toHaveLength(10);
    expect(produced).toBeLessThan(30); // one frame read ahead, not the whole source
    await iterator.return(undefined);
  });

  it('sends an entry larger than the budget on its own, and an empty export as one empty last frame', async () => {
    const chunks = await collect([entry(0, 10), entry(1, 5000), entry(2, 10)], 200);
    expect(chunks.map((chunk) => chunk.entries.map((e) => e.key))).toEqual([['k000'], ['k001'], ['k002']]);
    expect(await collect([], 200)).toEqual([{ entries: [], last: true }]);
    expect(await collect(Promise.resolve([entry(0)]), 200)).toEqual([{ entries: [entry(0)], last: true }]);
  });
});
