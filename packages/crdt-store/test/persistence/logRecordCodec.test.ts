import { describe, expect, it } from '@jest/globals';
import {
  decodeLogRecord,
  decodeSnapshotPart,
  encodeLogRecord,
  encodeSnapshotEnd,
  encodeSnapshotHeader,
  encodeSnapshotItems,
} from '../../src/persistence/logRecordCodec.js';
import type { LogRecord } from '../../src/persistence/persistenceAdapter.js';
import type { TableRecord } from '../../src/types.js';

const table: TableRecord = {
  tenant: 't',
  name: 'Orders',
  id: 'id-1',
  key: { partition: [{ name: 'pk', type: 'S' }], sort: [] },
  indexes: [],
  description: { TableStatus: 'ACTIVE' },
};

describe('log record codec', () => {
  it('encodes each record on its own (the reused encoder leaves nothing of a bigger record in a smaller one)', () => {
    const big: LogRecord = {
      kind: 'write',
      entries: Array.from({ length: 25 }, (_, i) => ({ tableId: 'id-1', key: { pk: { S: `k${i}` } }, update: new Uint8Array(300).fill(i), item: { pk: { S: `k${i}` }, p: { S: 'x'.repeat(400) } } })),
    };
    const small: LogRecord = { kind: 'deleteTable', tableId: 'id-2' };
    const bigBytes = encodeLogRecord(big);
    const smallBytes = encodeLogRecord(small);
    expect(decodeLogRecord(smallBytes)).toEqual(small);
    expect(decodeLogRecord(bigBytes)).toEqual(big);
    expect(Buffer.from(encodeLogRecord(big)).equals(Buffer.from(bigBytes))).toBe(true);
  });

  it('writes an entry with the item text the store already made exactly as one without it', () => {
    const item = { pk: { S: 'a' }, n: { N: '1' }, m: { M: { é: { SS: ['x', 'y'] } } } };
    const plain = encodeLogRecord({ kind: 'write', entries: [{ tableId: 'id-1', key: { pk: { S: 'a' } }, update: new Uint8Array([7]), item }] });
    const withText = encodeLogRecord({
      kind: 'write',
      entries: [{ tableId: 'id-1', key: { pk: { S: 'a' } }, update: new Uint8Array([7]), item, itemText: JSON.stringify(item) }],
    });
    expect(Buffer.from(withText).equals(Buffer.from(plain))).toBe(true);
    const decoded = decodeLogRecord(withText);
    expect(decoded.kind === 'write' && decoded.entries[0]!.item).toEqual(item);
  });

  it.each<LogRecord>([
    {
      kind: 'write',
      entries: [
        { tableId: 'id-1', key: { pk: { S: 'a' } }, update: new Uint8Array([1, 2, 3]), item: { pk: { S: 'a' }, v: { BOOL: true } } },
        { tableId: 'id-1', key: { pk: { S: 'b' } }, update: new Uint8Array([4]), item: undefined },
      ],
    },
    { kind: 'putTable', table },
    { kind: 'deleteTable', tableId: 'id-1' },
  ])('round-trips a $kind record', (record) => {
    expect(decodeLogRecord(encodeLogRecord(record))).toEqual(record);
  });

  it('pins the write record format (kind 1, entry count, table id, key JSON, update bytes, item JSON)', () => {
    const bytes = encodeLogRecord({ kind: 'write', entries: [{ tableId: 'x', key: { k: { N: '1' } }, update: new Uint8Array([7]), item: undefined }] });
    expect(Buffer.from(bytes).toString('hex')).toBe('010101780f7b226b223a7b224e223a2231227d7d010700');
  });

  it('round-trips snapshot parts, tombstones included', () => {
    expect(decodeSnapshotPart(encodeSnapshotHeader([table]))).toEqual({ kind: 'header', tables: [table] });
    const items = [
      { tableId: 'id-1', item: { pk: { S: 'a' } , v: { N: '1' } }, state: new Uint8Array([9]), size: 6 },
      { tableId: 'id-1', key: { pk: { S: 'b' } }, item: undefined, state: new Uint8Array([8]) },
    ];
    expect(decodeSnapshotPart(encodeSnapshotItems('id-1', items))).toEqual({ kind: 'items', items });
    // A live item's key is not stored twice: the decoder leaves it to the item.
    const withKey = { ...items[0]!, key: { pk: { S: 'a' } } };
    expect(decodeSnapshotPart(encodeSnapshotItems('id-1', [withKey]))).toEqual({ kind: 'items', items: [items[0]] });
    expect(decodeSnapshotPart(encodeSnapshotEnd(2))).toEqual({ kind: 'end', itemCount: 2 });
  });

  it('refuses an unknown record kind', () => {
    expect(() => decodeLogRecord(new Uint8Array([42]))).toThrow(/unknown log record kind 42/);
  });
});
