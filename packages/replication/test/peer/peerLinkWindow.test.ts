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

  it('sends what flow control held back once ACKs free the in-flight window', async () => {
    // A window of ~one frame: every frame after the first waits for an ACK to free it, and is
    // sent only if the ACK's flow notification wakes the outbox.
    net = await TestNetwork.create([
      { name: 'central', role: 'central' },
      { name: 'edge-a', role: 'edge' },
    ]);
    await net.startAll({ maxFrameBytes: 300, maxInFlightBytes: 300 });
    await waitFor(() => net!.node('edge-a').replicator!.stats().peers.every((peer) => peer.connected), 10_000, 'connected');
    const writes: Array<Promise<unknown>> = [];
    for (let i = 0; i < 200; i++) writes.push(net.write('edge-a', 'table', `item-${i}`, 'all', (item) => item.set('n', i)));
    await Promise.all(writes);
    await waitFor(() => net!.node('central').replicator!.vector()['edge-a'] === 200, 20_000, 'every write at central');
    for (const i of [0, 99, 199]) expect(net.node('central').store.item('table', `item-${i}`)).toEqual({ n: i });
    const link = net.node('edge-a').replicator!.stats().peers[0]!;
    expect(link.seqsSent).toBe(200);
    expect(link.recordsFramesSent).toBeGreaterThan(1); // the window did hold frames back
  });
});
