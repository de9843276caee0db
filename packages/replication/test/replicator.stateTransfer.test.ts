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

  /** edge-b misses 300 items' writes (far beyond the journals), then restarts with frames of ~2 KB. */
  async function lagBehind(): Promise<TestNetwork> {
    const network = await TestNetwork.create([
      { name: 'central', role: 'central' },
      { name: 'edge-a', role: 'edge' },
      { name: 'edge-b', role: 'edge' },
    ]);
    const small = { journal: { fsync: 'never' as const, segmentBytes: 2000, retainBytes: 4000 }, maxFrameBytes: 2000, maxInFlightBytes: 4000 };
    await network.start('central', small);
    await network.start('edge-a', small);
    await network.start('edge-b', small);
    await network.write('edge-a', 'items', 'seed', 'all', (item) => item.set('v', 0));
    await waitFor(() => network.node('edge-b').replicator!.vector()['edge-a'] === 1, 15000, 'first record');
    await network.stop('edge-b');
    for (let i = 0; i < 300; i++) await network.write('edge-a', 'items', `k${i}`, 'all', (item) => item.set('v', 'x'.repeat(40) + i));
    await waitFor(() => network.node('central').replicator!.vector()['edge-a'] === 301, 15000, 'central has all');
    return network;
  }

  it('streams a large state in bounded frames while live writes race with it, and converges', async () => {
    net = await lagBehind();
    const imports: number[] = [];
    const store = net.node('edge-b').store;
    const importState = store.importState.bind(store);
    store.importState = (entries) => {
      imports.push(entries.length);
      importState(entries);
    };
    await net.start('edge-b', { journal: { fsync: 'never' }, maxFrameBytes: 2000 });
    // Live writes (new items and overwrites of transferred ones) while the state streams.
    const racing = (async () => {
      for (let i = 0; i < 50; i++) await net!.write('edge-a', 'items', `k${(i * 7) % 320}`, 'all', (item) => item.set('v', `race-${i}`));
    })();
    await racing;
    await waitFor(() => net!.node('edge-b').replicator!.vector()['edge-a'] === 351, 10000, 'edge-b caught up');
    // ~300 items of ~80 bytes in frames of ~2 KB: many frames, none far above the budget.
    expect(imports.length).toBeGreaterThan(5);
    expect(Math.max(...imports)).toBeLessThan(40);
    expect(imports.reduce((sum, n) => sum + n, 0)).toBeGreaterThanOrEqual(301);
    await waitFor(() => JSON.stringify(net!.node('edge-b').store.snapshot()) === JSON.stringify(net!.node('edge-a').store.snapshot()), 10000, 'same items');
  }, 60_000);

  it('a transfer cut in the middle advances nothing, and the next connection completes it', async () => {
    net = await lagBehind();
    const store = net.node('edge-b').store;
    const importState = store.importState.bind(store);
    let frames = 0;
    let cut: Promise<void> | undefined;
    store.importState = (entries) => {
      frames++;
      importState(entries);
      if (frames === 3) cut = net!.stop('edge-b');
    };
    await net.start('edge-b', { journal: { fsync: 'never' }, maxFrameBytes: 2000 });
    await waitFor(() => cut !== undefined, 10000, 'third state frame');
    await cut;
    // Restarted on the same journal: the vector did not claim the half-received state.
    store.importState = importState;
    await net.start('edge-b', { journal: { fsync: 'never' } });
    expect(net.node('edge-b').replicator!.vector()['edge-a']).toBe(1);
    await waitFor(() => net!.node('edge-b').replicator!.vector()['edge-a'] === 301, 10000, 'edge-b caught up after the cut');
    expect(net.node('edge-b').store.snapshot()).toEqual(net.node('edge-a').store.snapshot());
  }, 60_000);
});
