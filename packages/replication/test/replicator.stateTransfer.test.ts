import { describe, it, expect, afterEach } from '@jest/globals';
import { TestNetwork, waitFor } from './helpers/testNetwork.js';

describe('replicator: state transfer', () => {
  let net: TestNetwork | undefined;
  afterEach(async () => {
    await net?.close();
    net = undefined;
  });

  it('a peer behind the retained journal gets the items\' state once, then live records again', async () => {
    net = await TestNetwork.create([
      { name: 'central', role: 'central' },
      { name: 'edge-a', role: 'edge' },
      { name: 'edge-b', role: 'edge' },
    ]);
    const tinyJournal = { journal: { fsync: 'never' as const, segmentBytes: 400, retainBytes: 800 } };
    await net.start('central');
    await net.start('edge-a', tinyJournal);
    await net.start('edge-b');
    await net.write('edge-a', 'items', 'k0', 'all', (item) => item.set('v', 0));
    await waitFor(() => net!.node('edge-b').replicator!.vector()['edge-a'] === 1, 5000, 'first record');
    await net.stop('edge-b');
    for (let i = 1; i <= 100; i++) await net.write('edge-a', 'items', `k${i % 10}`, 'all', (item) => item.set('v', i));
    await waitFor(() => net!.node('central').replicator!.vector()['edge-a'] === 101, 5000, 'central has all');
    await net.start('edge-b');
    await waitFor(() => net!.node('edge-b').replicator!.vector()['edge-a'] === 101, 5000, 'state transfer');
    expect(net.node('edge-b').store.stateImports).toBe(1);
    expect(net.node('edge-a').replicator!.stats().peers.find((p) => p.name === 'edge-b')!.stateTransfersSent).toBe(1);
    expect(net.node('edge-b').store.snapshot()).toEqual(net.node('edge-a').store.snapshot());
    // Only the first record travelled as a record: the rest came as state.
    expect(net.node('edge-b').store.appliedSeqs('edge-a')).toBe(1);
    await net.write('edge-a', 'items', 'k1', 'all', (item) => item.set('v', 'live'));
    await waitFor(() => net!.node('edge-b').store.item('items', 'k1')?.v === 'live', 5000, 'live record after the transfer');
  });
});
