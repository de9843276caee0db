import { describe, expect, it } from '@jest/globals';
import { REGENERABLE_STATE } from '../../src/item/stateText.js';
import type { SnapshotEntry } from '../../src/persistence/persistenceAdapter.js';
import { decodeSnapshotRecord, encodeSnapshotEntries, SNAPSHOT_ENTRIES_KIND, SNAPSHOT_REGENERABLE_ENTRIES_KIND } from '../../src/persistence/snapshotCodec.js';

/** A kind-13 (format 2) chunk as earlier versions wrote it, built field by field. */
function format2Chunk(tableId: string, entries: Array<{ live: boolean; treeKey: string; text: string; state: string; size: number }>): Buffer {
  const field = (value: string, encoding: 'utf8' | 'latin1'): Buffer => {
    const bytes = Buffer.from(value, encoding);
    const length = Buffer.alloc(4);
    length.writeUInt32LE(bytes.length);
    return Buffer.concat([length, bytes]);
  };
  const u32 = (value: number): Buffer => {
    const out = Buffer.alloc(4);
    out.writeUInt32LE(value);
    return out;
  };
  return Buffer.concat([
    Buffer.from([SNAPSHOT_ENTRIES_KIND]),
    field(tableId, 'utf8'),
    u32(entries.length),
    ...entries.flatMap((entry) => [Buffer.from([entry.live ? 1 : 0]), field(entry.treeKey, 'latin1'), field(entry.text, 'utf8'), field(entry.state, 'latin1'), u32(entry.size)]),
  ]);
}

describe('snapshot item chunks', () => {
  it('write regenerable items without their state (kind 15) and read them back with the clientID', () => {
    const clientId = 2 ** 32 - 5;
    const entries: SnapshotEntry[] = [
      { tableId: 't', treeKey: 'k1', text: '{"pk":{"S":"a"}}', state: REGENERABLE_STATE, regeneratedBy: clientId, size: 5 },
      { tableId: 't', treeKey: 'k2', text: '{"pk":{"S":"b"}}', state: '\u0001\u00ff\u0000x', size: 6 },
      { tableId: 't', treeKey: 'k3', key: { pk: { S: 'c' } }, text: undefined, state: '\u0002', size: 0 },
    ];
    const payload = encodeSnapshotEntries('t', entries);
    expect(payload[0]).toBe(SNAPSHOT_REGENERABLE_ENTRIES_KIND);
    expect(payload.includes(Buffer.from(REGENERABLE_STATE, 'latin1'))).toBe(false);
    expect(decodeSnapshotRecord(payload)).toEqual({ kind: 'items', items: entries });
  });

  it('refuse regenerable items of two clientIDs in one chunk (their states would regenerate wrong)', () => {
    const entry = (regeneratedBy: number): SnapshotEntry => ({ tableId: 't', treeKey: `k${regeneratedBy}`, text: '{}', state: REGENERABLE_STATE, regeneratedBy, size: 1 });
    expect(() => encodeSnapshotEntries('t', [entry(1), entry(2)])).toThrow(/two clientIDs/);
  });

  it('still read format-2 chunks (kind 13), which always carry the state', () => {
    const payload = format2Chunk('t', [
      { live: true, treeKey: 'k1', text: '{"pk":{"S":"a"}}', state: '\u0003\u0004', size: 5 },
      { live: false, treeKey: 'k2', text: '{"pk":{"S":"b"}}', state: '\u0005', size: 0 },
    ]);
    expect(decodeSnapshotRecord(payload)).toEqual({
      kind: 'items',
      items: [
        { tableId: 't', treeKey: 'k1', text: '{"pk":{"S":"a"}}', state: '\u0003\u0004', size: 5 },
        { tableId: 't', treeKey: 'k2', key: { pk: { S: 'b' } }, text: undefined, state: '\u0005', size: 0 },
      ],
    });
  });
});
