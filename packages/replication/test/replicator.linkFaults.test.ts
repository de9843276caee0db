import { describe, it, expect, afterEach } from '@jest/globals';
import { LinkFaults } from '../src/index.js';
import { TestNetwork, waitFor } from './helpers/testNetwork.js';

const SPECS = [
  { name: 'central', role: 'central' as const },
  { name: 'edge-a', role: 'edge' as const },
  { name: 'edge-b', role: 'edge' as const },
];

const connected = (net: TestNetwork, from: string, to: string) => net.node(from).replicator!.stats().peers.find((peer) => peer.name === to)!.connected;

describe('LinkFaults', () => {
  it('answers per peer: partitions cover named peers or all, the largest delay wins, listeners hear every change', () => {
    const faults = new LinkFaults();
    let changes = 0;
    const unsubscribe = faults.onChange(() => changes++);
    expect(faults.active).toBe(false);
    faults.set([{ partition: true, peers: ['edge-b'] }, { delayMs: 100 }, { delayMs: 300, peers: ['central'] }]);
    expect([faults.isPartitioned('edge-b'), faults.isPartitioned('central')]).toEqual([true, false]);
    expect([faults.delayMs('edge-b'), faults.delayMs('central')]).toEqual([100, 300]);
    faults.set([]);
    unsubscribe();
    faults.set([{ partition: true }]);
    expect(changes).toBe(2);
    expect(faults.isPartitioned('anyone')).toBe(true);
  });
});

describe('replicator: injected link faults', () => {
  let net: TestNetwork | undefined;
  afterEach(async () => {
    await net?.close();
    net = undefined;
  });

  it('a partition cuts the named links both ways (no dialing, handshakes refused); healing catches up', async () => {
    net = await TestNetwork.create(SPECS);
    await net.startAll();
    await waitFor(() => connected(net!, 'edge-a', 'edge-b') && connected(net!, 'edge-a', 'central'), 10_000, 'links up');

    // edge-a dials edge-b; cut it at edge-b, the acceptor, so refusing the handshake is what keeps it cut.
    net.node('edge-b').replicator!.faults.set([{ partition: true, peers: ['edge-a'] }]);
    expect(connected(net, 'edge-b', 'edge-a')).toBe(false);
    expect(connected(net, 'edge-b', 'central')).toBe(true);
    // Now from everyone, so central cannot relay either.
    net.node('edge-b').replicator!.faults.set([{ partition: true }]);
    await net.write('edge-a', 'items', 'k', 'all', (item) => item.set('a', 1));
    await net.write('edge-b', 'items', 'k', 'all', (item) => item.set('b', 2));
    await waitFor(() => net!.node('central').store.item('items', 'k')?.a === 1, 10_000, 'edge-a -> central');
    await new Promise((resolve) => setTimeout(resolve, 700)); // several redial attempts with the test backoff (20..200 ms)
    expect(net.node('edge-b').store.item('items', 'k')?.a).toBeUndefined();
    expect(net.node('central').store.item('items', 'k')?.b).toBeUndefined();
    expect(connected(net, 'edge-a', 'edge-b') || connected(net, 'central', 'edge-b')).toBe(false);
    expect(net.node('edge-b').logger.has(/cut off by an injected partition/) || net.node('edge-a').logger.has(/cut off by an injected partition/)).toBe(true);

    net.node('edge-b').replicator!.faults.set([]);
    await waitFor(() => ['central', 'edge-a', 'edge-b'].every((name) => {
      const item = net!.node(name).store.item('items', 'k');
      return item?.a === 1 && item?.b === 2;
    }), 15_000, 'convergence after healing');
  }, 60_000);

  it('a delay holds every frame sent to the peer (RTT at least the delay), in order, and nothing is lost', async () => {
    net = await TestNetwork.create(SPECS.slice(0, 2));
    await net.startAll({ pingIntervalMs: 100 });
    await waitFor(() => connected(net!, 'edge-a', 'central'), 10_000, 'link up');
    net.node('edge-a').replicator!.faults.set([{ delayMs: 250 }]);
    await waitFor(() => (net!.node('edge-a').replicator!.stats().peers[0]!.rttMs ?? 0) >= 250, 10_000, 'RTT with the delay');
    for (let i = 0; i < 20; i++) await net.write('edge-a', 'items', 'list', 'all', (item) => item.set(`v${i}`, i));
    await waitFor(() => Object.keys(net!.node('central').store.item('items', 'list') ?? {}).length === 20, 10_000, 'all 20 writes');
    expect(net.node('central').replicator!.vector()['edge-a']).toBe(20);
  }, 60_000);
});
