import { describe, it, expect, afterEach } from '@jest/globals';
import { rm } from 'node:fs/promises';
import { TestNetwork, waitFor } from './helpers/testNetwork.js';

const SPECS = [
  { name: 'central', role: 'central' as const },
  { name: 'edge-a', role: 'edge' as const },
  { name: 'edge-b', role: 'edge' as const },
  { name: 'edge-c', role: 'edge' as const },
];
const NAMES = SPECS.map((s) => s.name);

function vectorsEqual(net: TestNetwork, names: string[], expected: Record<string, number>): boolean {
  return names.every((n) => JSON.stringify(net.node(n).replicator?.vector()) === JSON.stringify(expected));
}

describe('replicator: catch-up and durability', () => {
  let net: TestNetwork | undefined;
  afterEach(async () => {
    await net?.close();
    net = undefined;
  });

  it('a node restarted from its data dir receives exactly what it missed, no full resync', async () => {
    net = await TestNetwork.create(SPECS);
    await net.startAll();
    for (const name of NAMES) for (let i = 0; i < 5; i++) await net.write(name, 'items', `${name}-${i}`, 'all', (item) => item.set('v', i));
    await waitFor(() => vectorsEqual(net!, NAMES, { central: 5, 'edge-a': 5, 'edge-b': 5, 'edge-c': 5 }), 5000, 'initial sync');
    await net.stop('edge-c');
    const before = net.node('edge-c').store.appliedSeqs();
    const others = ['central', 'edge-a', 'edge-b'];
    for (let i = 0; i < 20; i++) for (const name of others) await net.write(name, 'items', `shared-${i % 4}`, 'all', (item) => item.set(name, i));
    await waitFor(() => vectorsEqual(net!, others, { central: 25, 'edge-a': 25, 'edge-b': 25, 'edge-c': 5 }), 5000, 'writes while c is down');
    await net.start('edge-c');
    await waitFor(() => vectorsEqual(net!, NAMES, { central: 25, 'edge-a': 25, 'edge-b': 25, 'edge-c': 5 }), 5000, 'catch-up');
    // Let relay ticks pass: nobody may resend what c already got from the origins.
    await new Promise((resolve) => setTimeout(resolve, 400));
    const store = net.node('edge-c').store;
    expect(store.appliedSeqs() - before).toBe(60);
    for (const origin of others) expect(store.applied.filter((r) => r.origin === origin && r.toSeq > 5).every((r) => r.fromSeq > 5)).toBe(true);
    const duplicates = net.node('edge-c').replicator!.stats().peers.reduce((sum, p) => sum + p.seqsDuplicate, 0);
    expect(duplicates).toBe(0);
    expect(store.snapshot()).toEqual(net.node('central').store.snapshot());
  });

  it('records written while no peer was reachable survive a restart and are sent once peers come up', async () => {
    net = await TestNetwork.create(SPECS);
    await net.start('edge-a', { journal: { fsync: 'always' } });
    for (let i = 0; i < 10; i++) await net.write('edge-a', 'items', 'k', 'all', (item) => item.set('v', i));
    expect(net.node('edge-a').replicator!.stats().peers.every((p) => p.lagRecords === 10)).toBe(true);
    await net.stop('edge-a');
    for (const name of ['central', 'edge-b', 'edge-c']) await net.start(name);
    await net.start('edge-a');
    await waitFor(() => vectorsEqual(net!, NAMES, { 'edge-a': 10 }), 5000, 'resend after restart');
    for (const name of ['central', 'edge-b', 'edge-c']) {
      expect(net.node(name).store.item('items', 'k')).toEqual({ v: 9 });
      expect(net.node(name).store.appliedSeqs('edge-a')).toBe(10);
    }
    // Seqs continue after a restart instead of restarting at 1.
    expect((await net.write('edge-a', 'items', 'k', 'all', (item) => item.set('v', 10))).seq).toBe(11);
  });

  it('a node that missed records of an origin that is now down gets them relayed by central', async () => {
    net = await TestNetwork.create(SPECS);
    await net.startAll();
    await net.stop('edge-c');
    for (let i = 0; i < 8; i++) await net.write('edge-a', 'items', 'from-a', 'all', (item) => item.set('v', i));
    await waitFor(() => vectorsEqual(net!, ['central', 'edge-b'], { 'edge-a': 8 }), 5000, 'a delivered');
    await net.stop('edge-a');
    await net.start('edge-c');
    await waitFor(() => net!.node('edge-c').replicator!.vector()['edge-a'] === 8, 5000, 'relay to c');
    expect(net.node('edge-c').store.item('items', 'from-a')).toEqual({ v: 7 });
    // Central and edge-b may both relay; each seq is applied once.
    expect(net.node('edge-c').store.appliedSeqs('edge-a')).toBe(8);
  });

  it('a node that lost its data dir continues after the seqs its peers hold instead of reusing them', async () => {
    net = await TestNetwork.create(SPECS.slice(0, 2));
    await net.startAll();
    for (let i = 0; i < 5; i++) await net.write('edge-a', 'items', 'k', 'all', (item) => item.set('v', i));
    await waitFor(() => net!.node('central').replicator!.vector()['edge-a'] === 5, 5000, 'synced');
    await net.stop('edge-a');
    await rm(net.node('edge-a').dataDir, { recursive: true, force: true });
    await net.start('edge-a');
    await waitFor(() => net!.node('edge-a').logger.has(/beyond its journal/), 5000, 'detected');
    expect((await net.write('edge-a', 'items', 'k', 'all', (item) => item.set('v', 'after'))).seq).toBe(6);
    await waitFor(() => net!.node('central').store.item('items', 'k')?.v === 'after', 5000, 'new write delivered');
  });
});
