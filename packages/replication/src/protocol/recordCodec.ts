import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import type { RecordEntry, ReplicationRecord, Scope, VersionVector } from '../types.js';
import { parseScope } from '../config/scopes.js';

// Shared by the wire protocol and the journal, so a record journaled by one node is
// byte-for-byte what it forwards.

export function writeEntry(encoder: encoding.Encoder, entry: RecordEntry): void {
  encoding.writeVarString(encoder, entry.tenant);
  encoding.writeVarString(encoder, entry.table);
  encoding.writeVarString(encoder, entry.key);
  encoding.writeVarString(encoder, entry.scope);
  encoding.writeVarUint8Array(encoder, entry.update);
}

export function readEntry(decoder: decoding.Decoder): RecordEntry {
  const tenant = decoding.readVarString(decoder);
  const table = decoding.readVarString(decoder);
  const key = decoding.readVarString(decoder);
  const scope: Scope = parseScope(decoding.readVarString(decoder));
  const update = decoding.readVarUint8Array(decoder);
  return { tenant, table, key, scope, update };
}

export function writeEntries(encoder: encoding.Encoder, entries: RecordEntry[]): void {
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) writeEntry(encoder, entry);
}

export function readEntries(decoder: decoding.Decoder): RecordEntry[] {
  const count = decoding.readVarUint(decoder);
  const entries: RecordEntry[] = [];
  for (let i = 0; i < count; i++) entries.push(readEntry(decoder));
  return entries;
}

export function writeRecord(encoder: encoding.Encoder, record: ReplicationRecord): void {
  encoding.writeVarString(encoder, record.origin);
  encoding.writeVarUint(encoder, record.fromSeq);
  encoding.writeVarUint(encoder, record.toSeq);
  writeEntries(encoder, record.entries);
}

export function readRecord(decoder: decoding.Decoder): ReplicationRecord {
  const origin = decoding.readVarString(decoder);
  const fromSeq = decoding.readVarUint(decoder);
  const toSeq = decoding.readVarUint(decoder);
  if (fromSeq < 1 || toSeq < fromSeq) throw new Error(`invalid record range ${fromSeq}..${toSeq}`);
  const entries = readEntries(decoder);
  return { origin, fromSeq, toSeq, entries };
}

export function writeVector(encoder: encoding.Encoder, vector: VersionVector): void {
  encoding.writeVarUint(encoder, vector.size);
  for (const [origin, seq] of vector) {
    encoding.writeVarString(encoder, origin);
    encoding.writeVarUint(encoder, seq);
  }
}

export function readVector(decoder: decoding.Decoder): VersionVector {
  const size = decoding.readVarUint(decoder);
  const vector: VersionVector = new Map();
  for (let i = 0; i < size; i++) {
    const origin = decoding.readVarString(decoder);
    vector.set(origin, decoding.readVarUint(decoder));
  }
  return vector;
}

/** Approximate encoded size, for frame and cache budgets without encoding twice. */
export function recordByteSize(record: ReplicationRecord): number {
  let size = record.origin.length + 12;
  for (const entry of record.entries) {
    size += entry.tenant.length + entry.table.length + entry.key.length + entry.scope.length + entry.update.byteLength + 12;
  }
  return size;
}
