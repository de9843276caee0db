import { describe, it, expect, afterEach } from '@jest/globals';
import * as Y from 'yjs';
import { TestNetwork, seededRandom, waitFor } from './helpers/testNetwork.js';

const SPECS = [
  { name: 'central', role: 'central' as const },
  { name: 'edge-a', role: 'edge' as const },
  { name: 'edge-b', role: 'edge' as const },
  { name: 'edge-c', role: 'edge' as const },
];

describe('replicator: convergence', () => {
  let net: TestNetwork | undefined;
  afterEach(async () => {
    await net?.close();
    net = undefined;
  });

  it('3 edges + central with concurrent random writes on shared items converge, vectors equal every origin\'s last seq', async () => {
    const seed = Date.now() % 100000;
    const random = seededRandom(seed);
    net = await TestNetwork.create(SPECS);
    await net.startAll();
    const names = SPECS.map((s) => s.name);
    const lastSeq: Record<string, number> = {};
    const writes: Array<Promise<{ seq: number }>> = [];
    for (let round = 0; round < 30; round++) {
      for (const name of names) {
        const key = `item-${Math.floor(random() * 5)}`;
        const attribute = `attr-${Math.floor(random() * 3)}`;
        const value = Math.floor(random() * 1000);
        const op = random();
        writes.push(net.write(name, 'shared', key, 'all', (item) => {
          if (op < 0.6) item.set(attribute, value);
          else {
            let list = item.get('list') as Y.Array<number> | undefined;
            if (!list) item.set('list', (list = new Y.Array<number>()));
            list.push([value]);
          }
        }).then((r) => {
          lastSeq[name] = Math.max(lastSeq[name] ?? 0, r.seq);
          return r;
        }));
      }
      if (round % 5 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await Promise.all(writes);
    const expected = Object.fromEntries(names.map((n) => [n, 30]));
    expect(lastSeq).toEqual(expected);
    await waitFor(() => names.every((n) => JSON.stringify(net!.node(n).replicator!.vector()) === JSON.stringify(expected)), 10000, `vectors (seed ${seed})`);
    const reference = net.node('central').store.snapshot();
    expect(Object.keys(reference)).not.toHaveLength(0);
    for (const name of names) expect({ seed, name, items: net.node(name).store.snapshot() }).toEqual({ seed, name, items: reference });
    // Senders learn of delivery from ACKs, a moment after the receivers' vectors.
    await waitFor(() => names.every((n) => net!.node(n).replicator!.stats().peers.every((p) => p.connected && p.lagRecords === 0 && p.queueDepth === 0 && p.inFlightBytes === 0)), 5000, 'lag 0');
    const edgeA = net.node('edge-a').replicator!.stats();
    expect(edgeA.peers.find((p) => p.name === 'central')).toMatchObject({ seqsSent: 30, connected: true, inFlightBytes: 0 });
    // Every record arrived once: the origin sent it, nobody relayed a duplicate.
    for (const name of names) expect(net.node(name).store.appliedSeqs()).toBe(90);
  });
});
