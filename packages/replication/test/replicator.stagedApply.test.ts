import { afterEach, describe, expect, it } from '@jest/globals';
import type { ReplicationRecord } from '../src/index.js';
import { FakeStore } from './helpers/fakeStore.js';
import { TestNetwork, waitFor } from './helpers/testNetwork.js';

/** A store whose log syncs only when the test says so. */
class HeldSyncStore extends FakeStore {
  readonly held: Array<() => void> = [];

  applyRecordsStaged(records: ReplicationRecord[]): { applied: Promise<void>; durable: Promise<void> } {
    this.applyRecords(records);
    const durable = new Promise<void>((resolve) => this.held.push(resolve));
    return { applied: Promise.resolve(), durable };
  }
}

describe('replicator: a received frame is applied before the previous one is synced', () => {
  let net: TestNetwork | undefined;
  afterEach(async () => {
    for (const release of (net?.node('central').store as HeldSyncStore | undefined)?.held ?? []) release();
    await net?.close();
    net = undefined;
  });

  it('applies the next frame at once, and journals and acknowledges each only once it is durable', async () => {
    net = await TestNetwork.create([
      { name: 'central', role: 'central' },
      { name: 'edge-a', role: 'edge' },
    ]);
    const central = new HeldSyncStore('central');
    net.node('central').store = central;
    await net.startAll();
    await waitFor(() => net!.node('edge-a').replicator!.stats().peers.every((peer) => peer.connected), 10_000, 'connected');
    const acknowledged = () => net!.node('edge-a').replicator!.stats().peers[0]!.peerVector['edge-a'] ?? 0;

    await net.write('edge-a', 'table', 'first', 'all', (item) => item.set('n', 1));
    await waitFor(() => central.held.length === 1, 10_000, 'first frame applied at central');
    await net.write('edge-a', 'table', 'second', 'all', (item) => item.set('n', 2));
    // Its predecessor's sync is still held: the second frame is applied (readable) all the same.
    await waitFor(() => central.held.length === 2, 10_000, 'second frame applied while the first is unsynced');
    expect(central.item('table', 'second')).toEqual({ n: 2 });
    expect(net.node('central').replicator!.vector()['edge-a']).toBe(2);
    // Nothing is journaled or acknowledged before the store holds it.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(acknowledged()).toBe(0);
    expect(net.node('central').replicator!.stats().journal.bytes).toBe(8); // the segment header only

    central.held[0]!();
    await waitFor(() => acknowledged() === 1, 10_000, 'first frame acknowledged');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(acknowledged()).toBe(1);
    central.held[1]!();
    await waitFor(() => acknowledged() === 2, 10_000, 'second frame acknowledged');
  });
});
