import * as Y from 'yjs';
import type { RecordEntry, ReplicationHost, ReplicationRecord, Scope } from '../../src/index.js';

/** A node's clientID derived from its name, as the real store does. */
function clientIdFor(name: string): number {
  let hash = 2166136261;
  for (const char of name) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
  return hash & 0x3fffffff;
}

/** In-memory item store: one Y.Doc per item, a Y.Map 'item' holding attributes. */
export class FakeStore implements ReplicationHost {
  readonly docs = new Map<string, { tenant: string; table: string; key: string; scope: Scope; doc: Y.Doc }>();
  /** Every record handed to applyRecords, in order. */
  readonly applied: ReplicationRecord[] = [];
  stateImports = 0;

  constructor(readonly nodeName: string) {}

  private docFor(tenant: string, table: string, key: string, scope: Scope): Y.Doc {
    const id = `${tenant}/${table}/${key}`;
    let item = this.docs.get(id);
    if (!item) {
      const doc = new Y.Doc();
      doc.clientID = clientIdFor(this.nodeName);
      item = { tenant, table, key, scope, doc };
      this.docs.set(id, item);
    }
    return item.doc;
  }

  /** A local write: returns the entry to publish. */
  write(table: string, key: string, scope: Scope, change: (item: Y.Map<unknown>) => void, tenant = 't1'): RecordEntry {
    const doc = this.docFor(tenant, table, key, scope);
    const before = Y.encodeStateVector(doc);
    doc.transact(() => change(doc.getMap('item')));
    return { tenant, table, key, scope, update: Y.encodeStateAsUpdate(doc, before) };
  }

  applyRecords(records: ReplicationRecord[]): void {
    for (const record of records) {
      this.applied.push(record);
      for (const entry of record.entries) Y.applyUpdate(this.docFor(entry.tenant, entry.table, entry.key, entry.scope), entry.update, 'remote');
    }
  }

  exportState(filter: (entry: { tenant: string; table: string; scope: Scope }) => boolean): RecordEntry[] {
    return [...this.docs.values()]
      .filter((item) => filter(item))
      .map(({ tenant, table, key, scope, doc }) => ({ tenant, table, key, scope, update: Y.encodeStateAsUpdate(doc) }));
  }

  importState(entries: RecordEntry[]): void {
    this.stateImports++;
    for (const entry of entries) Y.applyUpdate(this.docFor(entry.tenant, entry.table, entry.key, entry.scope), entry.update, 'remote');
  }

  /** Seqs received from peers (the size of what catch-up delivered). */
  appliedSeqs(origin?: string): number {
    return this.applied.filter((r) => origin === undefined || r.origin === origin).reduce((sum, r) => sum + r.toSeq - r.fromSeq + 1, 0);
  }

  /** Item contents, optionally only of some tables; comparable with toEqual. */
  snapshot(tables?: string[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [id, item] of [...this.docs].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (tables && !tables.includes(item.table)) continue;
      out[id] = sortKeys(item.doc.getMap('item').toJSON());
    }
    return out;
  }

  item(table: string, key: string, tenant = 't1'): Record<string, unknown> | undefined {
    return this.docs.get(`${tenant}/${table}/${key}`)?.doc.getMap('item').toJSON();
  }
}

/** Y.Map key order follows local application order, which differs between replicas. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return value;
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]));
}
