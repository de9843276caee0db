import { describe, it, expect, afterEach } from '@jest/globals';
import { shouldDial, startTcpProxy, type NetworkConfig, type TcpProxy } from '../src/index.js';
import { TestNetwork, seededRandom, waitFor } from './helpers/testNetwork.js';

const SPECS = [
  { name: 'central', role: 'central' as const },
  { name: 'edge-a', role: 'edge' as const, group: 'eu' },
  { name: 'edge-b', role: 'edge' as const, group: 'eu' },
  { name: 'edge-c', role: 'edge' as const, group: 'us' },
];
const NAMES = SPECS.map((s) => s.name);

describe('replicator: chaos (seeded)', () => {
  let net: TestNetwork | undefined;
  const proxies: TcpProxy[] = [];
  afterEach(async () => {
    await net?.close();
    for (const proxy of proxies.splice(0)) await proxy.close();
    net = undefined;
  });

  it('random writes under random partitions, blackholes, resets, latency and a restart converge after healing', async () => {
    const seed = Number(process.env.KUHIRO_SEED ?? Date.now() % 100000);
    const random = seededRandom(seed);
    net = await TestNetwork.create(SPECS);
    // Every dialed link goes through its own proxy, configured per dialing node.
    const networks = new Map<string, NetworkConfig>();
    for (const self of net.network.pops) {
      const pops = [];
      for (const pop of net.network.pops) {
        if (pop !== self && shouldDial(self, pop)) {
          const proxy = await startTcpProxy({ targetPort: net.node(pop.name).port, random });
          proxies.push(proxy);
          pops.push({ ...pop, url: proxy.url });
        } else pops.push(pop);
      }
      networks.set(self.name, { ...net.network, pops });
    }
    const options = (name: string) => ({ network: networks.get(name)!, pingIntervalMs: 100 });
    for (const name of NAMES) await net.start(name, options(name));

    const lastSeq = new Map<string, number>();
    const pending: Array<Promise<unknown>> = [];
    let restarted = false;
    for (let step = 0; step < 60; step++) {
      for (let w = 0; w < 3; w++) {
        const name = NAMES[Math.floor(random() * NAMES.length)]!;
        if (!net.node(name).replicator) continue;
        const euTable = random() < 0.3 && name !== 'edge-c';
        const key = `k${Math.floor(random() * 4)}`;
        const value = Math.floor(random() * 1e6);
        pending.push(net.write(name, euTable ? 'eu-carts' : 'shared', key, euTable ? 'group:eu' : 'all', (item) => item.set(`${name}-${value % 5}`, value))
          .then(({ seq }) => lastSeq.set(name, Math.max(lastSeq.get(name) ?? 0, seq))));
      }
      const proxy = proxies[Math.floor(random() * proxies.length)]!;
      const roll = random();
      if (roll < 0.1) proxy.partition(random() < 0.5 ? 'reset' : 'blackhole');
      else if (roll < 0.25) proxy.heal();
      else if (roll < 0.3) proxy.dropConnections();
      else if (roll < 0.35) proxy.setLatency(Math.floor(random() * 20), Math.floor(random() * 20));
      if (step === 30 && !restarted) {
        restarted = true;
        await Promise.all(pending);
        await net.stop('edge-b');
        await new Promise((resolve) => setTimeout(resolve, 100));
        await net.start('edge-b', options('edge-b'));
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await Promise.all(pending);
    for (const proxy of proxies) {
      proxy.heal();
      proxy.setLatency(0, 0);
    }
    const expected = JSON.stringify(Object.fromEntries([...lastSeq].sort(([a], [b]) => (a < b ? -1 : 1))));
    await waitFor(() => NAMES.every((n) => JSON.stringify(net!.node(n).replicator!.vector()) === expected), 15000, `vectors ${expected} (seed ${seed})`);
    const central = net.node('central').store;
    for (const name of ['edge-a', 'edge-b']) expect({ seed, name, items: net.node(name).store.snapshot() }).toEqual({ seed, name, items: central.snapshot() });
    expect({ seed, items: net.node('edge-c').store.snapshot() }).toEqual({ seed, items: central.snapshot(['shared']) });
  });
});
