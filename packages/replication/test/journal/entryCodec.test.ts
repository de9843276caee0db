import { describe, it, expect } from '@jest/globals';
import { encodeJournalEntry, readJournalEntry } from '../../src/journal/entryCodec.js';

const GOLDEN_ENTRY = '1b00000014fa846001014278bcfe56800000016103030101740178016b03616c6c0101';
const ENTRY = {
  appendedAt: 1700000000000,
  record: { origin: 'a', fromSeq: 3, toSeq: 3, entries: [{ tenant: 't', table: 'x', key: 'k', scope: 'all' as const, update: new Uint8Array([1]) }] },
};

describe('journal entry codec', () => {
  it('encodes to its golden bytes (length, CRC-32, version 1, kind 1, time, record) and reads them back', () => {
    const encoded = encodeJournalEntry(ENTRY);
    expect(encoded.toString('hex')).toBe(GOLDEN_ENTRY);
    expect(readJournalEntry(new Uint8Array(Buffer.from(GOLDEN_ENTRY, 'hex')), 0)).toEqual({ status: 'ok', entry: ENTRY, byteLength: 35 });
  });

  it('tells a torn entry from a corrupt one', () => {
    const golden = new Uint8Array(Buffer.from(GOLDEN_ENTRY, 'hex'));
    expect(readJournalEntry(golden.subarray(0, 6), 0)).toEqual({ status: 'truncated' });
    expect(readJournalEntry(golden.subarray(0, 30), 0)).toEqual({ status: 'truncated' });
    const flipped = golden.slice();
    flipped[20] = flipped[20]! ^ 1;
    expect(readJournalEntry(flipped, 0)).toEqual({ status: 'corrupt', reason: 'CRC mismatch' });
  });
});
