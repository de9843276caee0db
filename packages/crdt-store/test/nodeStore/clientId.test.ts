import { afterAll, describe, expect, it } from '@jest/globals';
import * as Y from 'yjs';
import type { CommittedWrite } from '../../src/types.js';
import { N, S, StoreFixture } from '../storeFixture.js';

const fixture = new StoreFixture();
afterAll(() => fixture.cleanup());

/** The Yjs clientIDs that wrote the structs of an update. */
const writersOf = (update: Uint8Array): number[] => [...new Set(Y.decodeUpdate(update).structs.map((struct) => struct.id.client))];

describe('NodeStore clientID', () => {
  it('signs every local write with the node clientID, also after an item was evicted and re-hydrated', async () => {
    const dataDir = await fixture.dataDir();
    const store = await fixture.open({ dataDir, replicaCacheSize: 1 });
    const table = fixture.table({ partition: [{ name: 'pk', type: 'S' }], sort: [] });
    await store.createTable(table);
    const commits: CommittedWrite[] = [];
    store.onCommit((write) => commits.push(write));
    const bump = (pk: string) =>
      store.write([{ table, key: { pk: S(pk) }, type: 'update', actions: [{ kind: 'increment', path: ['n'], delta: '1' }] }]);
    bump('a');
    bump('b'); // evicts a's replica
    bump('a'); // re-hydrates a from its stored state
    await store.close();
    const reopened = await fixture.open({ dataDir });
    reopened.onCommit((write) => commits.push(write));
    reopened.write([{ table, key: { pk: S('a') }, type: 'update', actions: [{ kind: 'increment', path: ['n'], delta: '1' }] }]);
    expect(reopened.getItem(table, { pk: S('a') })).toEqual({ pk: S('a'), n: N(3) });
    const writers = new Set(commits.flatMap((write) => write.items.flatMap((item) => writersOf(item.update))));
    expect([...writers]).toEqual([store.clientId]);
  });

  it("keeps the node clientID when a peer echoes the node's own updates back", async () => {
    const store = await fixture.open();
    const table = fixture.table({ partition: [{ name: 'pk', type: 'S' }], sort: [] });
    await store.createTable(table);
    const commits: CommittedWrite[] = [];
    store.onCommit((write) => commits.push(write));
    const bump = () => store.write([{ table, key: { pk: S('a') }, type: 'update', actions: [{ kind: 'increment', path: ['n'], delta: '1' }] }]);
    bump();
    const own = commits[0]!.items[0]!;
    bump();
    // Central sends back what it received from this node (e.g. during catch-up).
    store.applyRemote([{ tenant: table.tenant, tableName: table.name, key: own.key, update: own.update }]);
    bump();
    expect(store.getItem(table, { pk: S('a') })).toEqual({ pk: S('a'), n: N(3) });
    const local = commits.filter((write) => write.origin === 'local');
    expect(new Set(local.flatMap((write) => write.items.flatMap((item) => writersOf(item.update))))).toEqual(new Set([store.clientId]));
  });
});
