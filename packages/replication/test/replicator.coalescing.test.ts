import { describe, it, expect, afterEach } from '@jest/globals';
import { TestNetwork, waitFor } from './helpers/testNetwork.js';

describe('replicator: coalescing', () => {
  let net: TestNetwork | undefined;
  afterEach(async () => {
    await net?.close();
    net = undefined;
  });

  it('a 10,000-write spike on one item reaches each peer in fewer than 50 RECORDS frames', async () => {
    net = await TestNetwork.create([
      { name: 'central', role: 'central' },
      { name: 'edge-a', role: 'edge' },
      { name: 'edge-b', role: 'edge' },
    ]);
    await net.startAll({ journal: { fsync: 'always' } });
    await waitFor(() => net!.node('edge-a').replicator!.stats().peers.every((p) => p.connected), 5000, 'connections');
    const writes: Array<Promise<unknown>> = [];
    for (let i = 0; i < 10000; i++) writes.push(net.write('edge-a', 'hot', 'counter-item', 'all', (item) => item.set('n', i)));
    await Promise.all(writes);
    await waitFor(() => ['central', 'edge-b'].every((n) => net!.node(n).replicator!.vector()['edge-a'] === 10000), 20000, 'spike delivered');
    for (const name of ['central', 'edge-b']) expect(net.node(name).store.item('hot', 'counter-item')).toEqual({ n: 9999 });
    const peers = net.node('edge-a').replicator!.stats().peers;
    for (const peer of peers) {
      expect(peer.seqsSent).toBe(10000);
      expect(peer.recordsFramesSent).toBeGreaterThan(0);
      expect(peer.recordsFramesSent).toBeLessThan(50);
    }
    // Each receiver applied the spike as a handful of merged records, not 10,000.
    expect(net.node('edge-b').store.applied.length).toBeLessThan(50);
  });
});
