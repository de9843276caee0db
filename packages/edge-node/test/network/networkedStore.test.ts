import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { NodeStore, type TableRecord } from '@kuhiro/crdt-store';
import type { RecordEntry, ReplicationRecord } from '@kuhiro/replication';
import { CatalogLedger } from '../../src/network/catalogLedger.js';
import { CATALOG_TABLE, encodeCatalogEntry } from '../../src/network/catalogEntry.js';
import { NetworkedStore } from '../../src/network/networkedStore.js';
import { makeTempDir } from '../helpers/tempDir.js';

function table(name: string, id: string, tags: Array<{ Key: string; Value: string }> = []): TableRecord {
  return { tenant: 't', name, id, key: { partition: [{ name: 'pk', type: 'S' }], sort: [] }, indexes: [], description: { TableName: name, Tags: tags } };
}

const record = (origin: string, seq: number, entries: RecordEntry[]): ReplicationRecord => ({ origin, fromSeq: seq, toSeq: seq, entries });

describe('NetworkedStore', () => {
  let temp: { path: string; remove(): Promise<void> };
  let inner: NodeStore;
  let store: NetworkedStore;
  let published: RecordEntry[][];
  let publishGate: { resolve(): void; promise: Promise<void> };

  const gate = () => {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    return { resolve, promise };
  };

  beforeEach(async () => {
    temp = await makeTempDir('kuhiro-netstore-');
    inner = await NodeStore.open({ dataDir: temp.path, nodeName: 'edge-a', log: () => undefined });
    store = new NetworkedStore(inner, { nodeName: 'edge-a', ledger: new CatalogLedger(`${temp.path}/network`) });
    published = [];
    publishGate = gate();
    publishGate.resolve();
    store.connect({
      publish: async (entries) => {
        published.push(entries);
        await publishGate.promise;
        return { origin: 'edge-a', seq: published.length };
      },
    });
  });

  afterEach(async () => {
    await store.close();
    await inner.close();
    await temp.remove();
  });

  it('publishes a created table before any write to it, and a transaction as one record with the table scope', async () => {
    await store.createTable(table('Carts', 'id-1', [{ Key: 'kuhiro:replication', Value: 'group:eu' }]));
    const carts = store.getTable('t', 'Carts')!;
    await store.write([
      { table: carts, key: { pk: { S: 'a' } }, type: 'put', item: { pk: { S: 'a' }, n: { N: '1' } } },
      { table: carts, key: { pk: { S: 'b' } }, type: 'put', item: { pk: { S: 'b' } } },
    ]).durable;
    expect(published).toHaveLength(2);
    expect(published[0]![0]!.table).toBe(CATALOG_TABLE);
    expect(published[1]!.map((entry) => [entry.table, entry.scope])).toEqual([['Carts', 'group:eu'], ['Carts', 'group:eu']]);
  });

  it('acknowledges a write only once the journal has it', async () => {
    await store.createTable(table('Carts', 'id-1'));
    publishGate = gate();
    const carts = store.getTable('t', 'Carts')!;
    let acknowledged = false;
    const durable = store.write([{ table: carts, key: { pk: { S: 'a' } }, type: 'put', item: { pk: { S: 'a' } } }]).durable.then(() => (acknowledged = true));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(acknowledged).toBe(false);
    publishGate.resolve();
    await durable;
    expect(acknowledged).toBe(true);
  });

  it('resolves concurrent creates of one table name the same way in either arrival order (highest stamp wins)', async () => {
    const older = encodeCatalogEntry({ op: 'put', tenant: 't', name: 'T', stamp: '000000000000100.000000.edge-b', record: table('T', 'id-old') });
    const newer = encodeCatalogEntry({ op: 'put', tenant: 't', name: 'T', stamp: '000000000000200.000000.edge-c', record: table('T', 'id-new') });
    await store.applyRecords([record('edge-c', 1, [newer]), record('edge-b', 1, [older])]);
    expect(store.getTable('t', 'T')!.id).toBe('id-new');
    const other = await makeTempDir('kuhiro-netstore-');
    const otherInner = await NodeStore.open({ dataDir: other.path, nodeName: 'edge-z', log: () => undefined });
    const otherStore = new NetworkedStore(otherInner, { nodeName: 'edge-z', ledger: new CatalogLedger(`${other.path}/network`) });
    await otherStore.applyRecords([record('edge-b', 1, [older]), record('edge-c', 1, [newer])]);
    expect(otherStore.getTable('t', 'T')!.id).toBe('id-new');
    await otherInner.close();
    await other.remove();
  });

  it('does not resurrect a deleted table when an older create arrives late, and drops updates of dead incarnations', async () => {
    const create = encodeCatalogEntry({ op: 'put', tenant: 't', name: 'T', stamp: '000000000000100.000000.edge-b', record: table('T', 'id-1') });
    const remove = encodeCatalogEntry({ op: 'delete', tenant: 't', name: 'T', stamp: '000000000000300.000000.edge-c' });
    await store.applyRecords([record('edge-c', 1, [remove]), record('edge-b', 1, [create])]);
    expect(store.getTable('t', 'T')).toBeUndefined();
    const update: RecordEntry = { tenant: 't', table: 'T', key: `id-1\u0000${JSON.stringify([['pk', { S: 'x' }]])}`, scope: 'all', update: new Uint8Array([0, 0]) };
    await expect(store.applyRecords([record('edge-b', 2, [update])])).resolves.toBeUndefined();
  });

  it('exports a state a fresh PoP imports frame by frame, idempotently, merging its own concurrent writes', async () => {
    await store.createTable(table('Items', 'id-items'));
    await store.createTable(table('Mine', 'id-mine', [{ Key: 'kuhiro:replication', Value: 'local' }]));
    await store.createTable(table('Gone', 'id-gone'));
    const items = store.getTable('t', 'Items')!;
    const mine = store.getTable('t', 'Mine')!;
    await store.write([{ table: items, key: { pk: { S: 'a' } }, type: 'put', item: { pk: { S: 'a' }, y: { S: 'from-a' } } }]).durable;
    await store.write([{ table: items, key: { pk: { S: 'b' } }, type: 'put', item: { pk: { S: 'b' } } }]).durable;
    await store.write([{ table: items, key: { pk: { S: 'b' } }, type: 'delete' }]).durable;
    await store.write([{ table: mine, key: { pk: { S: 'secret' } }, type: 'put', item: { pk: { S: 'secret' } } }]).durable;
    await store.deleteTable('t', 'Gone');

    // What an edge peer may receive: `local` items stay here.
    const exported: RecordEntry[] = [];
    for await (const entry of store.exportState((entry) => entry.scope !== 'local')) exported.push(entry);
    const firstItem = exported.findIndex((entry) => !entry.table.startsWith(':'));
    expect(exported.slice(firstItem).every((entry) => !entry.table.startsWith(':'))).toBe(true); // catalog first
    expect(exported.filter((entry) => entry.table === 'Items')).toHaveLength(2); // b's tombstone travels
    expect(exported.some((entry) => entry.table === 'Mine')).toBe(false);

    const other = await makeTempDir('kuhiro-netstore-');
    const otherInner = await NodeStore.open({ dataDir: other.path, nodeName: 'edge-z', log: () => undefined });
    const otherStore = new NetworkedStore(otherInner, { nodeName: 'edge-z', ledger: new CatalogLedger(`${other.path}/network`) });
    otherStore.connect({ publish: async () => ({ origin: 'edge-z', seq: 1 }) });
    try {
      // The receiver knew the table and item `a` already and wrote to `a` concurrently.
      await otherStore.applyRecords([record('edge-a', 1, [exported.find((entry) => entry.table === CATALOG_TABLE && entry.key === published[0]![0]!.key)!])]);
      await otherStore.write([{ table: otherStore.getTable('t', 'Items')!, key: { pk: { S: 'a' } }, type: 'update', actions: [{ kind: 'set', path: ['x'], value: { S: 'from-z' } }] }]).durable;
      for (let round = 0; round < 2; round++) {
        for (let i = 0; i < exported.length; i += 2) await otherStore.importState(exported.slice(i, i + 2));
      }
      expect(otherStore.listTables('t').sort()).toEqual(['Items', 'Mine']);
      expect([...otherStore.scan(otherStore.getTable('t', 'Items')!, {})]).toEqual([{ pk: { S: 'a' }, y: { S: 'from-a' }, x: { S: 'from-z' } }]);
      expect([...otherStore.scan(otherStore.getTable('t', 'Mine')!, {})]).toEqual([]);
      // A third origin's late update of the dropped table is dropped, not waited for.
      const late: RecordEntry = { tenant: 't', table: 'Gone', key: `id-gone\u0000${JSON.stringify([['pk', { S: 'x' }]])}`, scope: 'all', update: new Uint8Array([0, 0]) };
      await expect(otherStore.applyRecords([record('edge-b', 1, [late])])).resolves.toBeUndefined();
    } finally {
      await otherStore.close();
      await otherInner.close();
      await other.remove();
    }
  });

  it('refuses an item update for a table that has not arrived yet, so the sender resends it', async () => {
    const update: RecordEntry = { tenant: 't', table: 'Later', key: `id-9\u0000${JSON.stringify([['pk', { S: 'x' }]])}`, scope: 'all', update: new Uint8Array([0, 0]) };
    await expect(store.applyRecords([record('edge-b', 1, [update])])).rejects.toThrow('not replicated here yet');
  });
});
