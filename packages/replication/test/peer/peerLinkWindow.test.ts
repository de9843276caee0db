import { afterEach, describe, expect, it } from '@jest/globals';
import { TestNetwork, waitFor } from '../helpers/testNetwork.js';

/**
 * The link's use of the adaptive window (the window's rules are unit-tested on a fake clock in
 * outbox/adaptiveWindow.test.ts). A base window of 60 s makes any wait for it unmistakable: a
 * lone write must still arrive at once.
 */
describe('peer link: adaptive window', () => {
  let net: TestNetwork | undefined;
  afterEach(async () => {
    await net?.close();
    net = undefined;
  });

  async function twoNodes(): Promise<TestNetwork> {
    const created = await TestNetwork.create([
      { name: 'central', role: 'central' },
      { name: 'edge-a', role: 'edge' },
    ]);
    await created.startAll({ batchWindowMs: 60_000, maxBatchWindowMs: 60_000 });
    await waitFor(() => created.node('edge-a').replicator!.stats().peers.every((peer) => peer.connected), 10_000, 'connected');
    return created;
  }

  it('sends a lone write at once, without waiting for the base window', async () => {
    net = await twoNodes();
    await net.write('edge-a', 'table', 'item', 'all', (item) => item.set('n', 1));
    // Generous for a loaded machine, yet less than the 15 s that even an early flush (a quarter
    // of the window) would wait.
    await waitFor(() => net!.node('central').replicator!.vector()['edge-a'] === 1, 10_000, 'the write at central');
    expect(net.node('central').store.item('table', 'item')).toEqual({ n: 1 });
    expect(net.node('edge-a').replicator!.stats().peers[0]!.recordsFramesSent).toBe(1);
  });
});
