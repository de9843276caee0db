import { describe, it, expect } from '@jest/globals';
import * as Y from 'yjs';
import { coalesceRecords, type ReplicationRecord } from '../../src/index.js';

describe('coalesceRecords', () => {
  it('joins consecutive records into one range, merges each item\'s updates, filters by scope', () => {
    const doc = new Y.Doc();
    const records: ReplicationRecord[] = [];
    for (let seq = 1; seq <= 300; seq++) {
      const before = Y.encodeStateVector(doc);
      doc.getMap('item').set('n', seq);
      const update = Y.encodeStateAsUpdate(doc, before);
      records.push({
        origin: 'a', fromSeq: seq, toSeq: seq,
        entries: [
          { tenant: 't', table: 'hot', key: 'k', scope: 'all', update },
          { tenant: 't', table: 'secret', key: `s${seq}`, scope: 'local', update: new Uint8Array([0, 0]) },
        ],
      });
    }
    const joined = coalesceRecords(records, (entry) => entry.scope !== 'local');
    expect(joined).toMatchObject({ origin: 'a', fromSeq: 1, toSeq: 300 });
    expect(joined.entries).toHaveLength(1);
    const replica = new Y.Doc();
    Y.applyUpdate(replica, joined.entries[0]!.update);
    expect(replica.getMap('item').toJSON()).toEqual({ n: 300 });
  });

  it('keeps the range when every entry is filtered out, and refuses a gap', () => {
    const entry = { tenant: 't', table: 'x', key: 'k', scope: 'local' as const, update: new Uint8Array([0, 0]) };
    expect(coalesceRecords([{ origin: 'a', fromSeq: 4, toSeq: 6, entries: [entry] }, { origin: 'a', fromSeq: 7, toSeq: 7, entries: [entry] }], () => false))
      .toEqual({ origin: 'a', fromSeq: 4, toSeq: 7, entries: [] });
    expect(() => coalesceRecords([{ origin: 'a', fromSeq: 1, toSeq: 1, entries: [] }, { origin: 'a', fromSeq: 3, toSeq: 3, entries: [] }], () => true)).toThrow(/does not follow/);
  });
});
