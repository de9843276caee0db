import { describe, it, expect, afterEach } from '@jest/globals';
import { startTcpProxy, type NetworkConfig, type TcpProxy } from '../src/index.js';
import { TestNetwork, seededRandom, waitFor } from './helpers/testNetwork.js';

const SPECS = [
  { name: 'central', role: 'central' as const },
  { name: 'edge-a', role: 'edge' as const },
  { name: 'edge-b', role: 'edge' as const },
];
const NAMES = SPECS.map((s) => s.name);

/** edge-a reaches each listed peer through its own proxy (edge-a dials them all). */
async function routeThroughProxies(net: TestNetwork, peers: string[], seed: number): Promise<{ proxies: Map<string, TcpProxy>; network: NetworkConfig }> {
  const proxies = new Map<string, TcpProxy>();
  for (const peer of peers) proxies.set(peer, await startTcpProxy({ targetPort: net.node(peer).port, random: seededRandom(seed) }));
  const network = { ...net.network, pops: net.network.pops.map((pop) => (proxies.has(pop.name) ? { ...pop, url: proxies.get(pop.name)!.url } : pop)) };
  return { proxies, network };
}

function converged(net: TestNetwork): boolean {
  const reference = JSON.stringify(net.node('central').store.snapshot());
  return NAMES.every((n) => JSON.stringify(net.node(n).store.snapshot()) === reference);
}

describe('replicator: partitions (user-space TCP proxy)', () => {
  let net: TestNetwork | undefined;
  let proxies: Map<string, TcpProxy> | undefined;
  afterEach(async () => {
    await net?.close();
    for (const proxy of proxies?.values() ?? []) await proxy.close();
    net = undefined;
    proxies = undefined;
  });

  it('edge-a cut off from everyone: both sides keep writing, nothing crosses; after heal all converge', async () => {
    const seed = Date.now() % 100000;
    net = await TestNetwork.create(SPECS);
    const routed = await routeThroughProxies(net, ['central', 'edge-b'], seed);
    proxies = routed.proxies;
    await net.start('central');
    await net.start('edge-b');
    await net.start('edge-a', { network: routed.network, pingIntervalMs: 100 });
    for (const proxy of proxies.values()) proxy.setLatency(5, 10);
    await net.write('edge-a', 'items', 'shared', 'all', (item) => item.set('a0', 1));
    await waitFor(() => net!.node('edge-b').store.item('items', 'shared')?.a0 === 1, 5000, `first write (seed ${seed})`);

    for (const proxy of proxies.values()) proxy.partition('blackhole');
    for (let i = 0; i < 20; i++) {
      await net.write('edge-a', 'items', 'shared', 'all', (item) => item.set(`a${i}`, i));
      await net.write('edge-b', 'items', 'shared', 'all', (item) => item.set(`b${i}`, i));
      await net.write('central', 'items', `c-${i % 3}`, 'all', (item) => item.set('c', i));
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(net.node('edge-b').store.item('items', 'shared')?.a19).toBeUndefined();
    expect(net.node('edge-a').store.item('items', 'shared')?.b0).toBeUndefined();
    expect(net.node('edge-b').replicator!.vector()['edge-a']).toBe(1);

    for (const proxy of proxies.values()) proxy.heal();
    await waitFor(() => converged(net!), 10000, `convergence after heal (seed ${seed})`);
    const expected = { central: 20, 'edge-a': 21, 'edge-b': 20 };
    await waitFor(() => NAMES.every((n) => JSON.stringify(net!.node(n).replicator!.vector()) === JSON.stringify(expected)), 5000, 'vectors');
    expect(Object.keys(net.node('edge-b').store.item('items', 'shared')!)).toHaveLength(40);
    // The silent (blackholed) links were detected and redialed.
    expect(net.node('edge-a').logger.has(/silent; reconnecting/)).toBe(true);
  });

  it('only the edge-a <-> edge-b link is cut: central relays between them, and flapping loses nothing', async () => {
    const seed = Date.now() % 100000;
    net = await TestNetwork.create(SPECS);
    const routed = await routeThroughProxies(net, ['edge-b'], seed);
    proxies = routed.proxies;
    await net.start('central');
    await net.start('edge-b');
    await net.start('edge-a', { network: routed.network });
    const link = proxies.get('edge-b')!;
    link.partition('reset');
    for (let i = 0; i < 15; i++) {
      await net.write('edge-a', 'items', `a-${i}`, 'all', (item) => item.set('v', i));
      await net.write('edge-b', 'items', `b-${i}`, 'all', (item) => item.set('v', i));
    }
    await waitFor(() => net!.node('edge-b').replicator!.vector()['edge-a'] === 15 && net!.node('edge-a').replicator!.vector()['edge-b'] === 15, 5000, `relay via central (seed ${seed})`);
    expect(converged(net)).toBe(true);

    link.heal();
    link.setLatency(2, 5);
    const random = seededRandom(seed);
    const writes: Array<Promise<unknown>> = [];
    for (let i = 0; i < 200; i++) {
      writes.push(net.write(random() < 0.5 ? 'edge-a' : 'edge-b', 'items', `hot-${i % 5}`, 'all', (item) => item.set(`f${i % 7}`, i)));
      if (i % 40 === 20) {
        link.dropConnections();
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
    }
    await Promise.all(writes);
    await waitFor(() => converged(net!) && net!.node('edge-b').replicator!.vector()['edge-a'] === net!.node('edge-a').replicator!.vector()['edge-a'], 10000, `convergence after flapping (seed ${seed})`);
  });
});
