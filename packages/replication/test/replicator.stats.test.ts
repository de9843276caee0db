import { describe, it, expect, afterEach } from '@jest/globals';
import { TestNetwork, waitFor } from './helpers/testNetwork.js';

describe('replicator: stats', () => {
  let net: TestNetwork | undefined;
  afterEach(async () => {
    await net?.close();
    net = undefined;
  });

  it('reports per-peer lag, queue depth, traffic and RTT as plain JSON', async () => {
    net = await TestNetwork.create([{ name: 'central', role: 'central' }, { name: 'edge-a', role: 'edge' }]);
    const edge = await net.start('edge-a', { pingIntervalMs: 50 });
    for (let i = 0; i < 3; i++) await net.write('edge-a', 'items', 'k', 'all', (item) => item.set('v', i));
    const offline = edge.stats();
    expect(JSON.parse(JSON.stringify(offline))).toEqual(offline);
    expect(offline).toMatchObject({ node: 'edge-a', role: 'edge', vector: { 'edge-a': 3 } });
    expect(offline.peers).toEqual([expect.objectContaining({ name: 'central', connected: false, lagRecords: 3, queueDepth: 3, framesSent: 0 })]);

    await net.start('central', { pingIntervalMs: 50 });
    // Lag can reach 0 through the peer's periodic vector report a moment before the frame's ACK.
    await waitFor(() => {
      const [peer] = edge.stats().peers;
      return peer!.lagRecords === 0 && peer!.inFlightBytes === 0 && peer!.rttMs !== null;
    }, 5000, 'caught up, acknowledged and pinged');
    const online = edge.stats().peers[0]!;
    expect(online).toMatchObject({ connected: true, queueDepth: 0, inFlightBytes: 0, oldestUnackedMs: 0, seqsSent: 3, peerVector: { 'edge-a': 3 } });
    expect(online.bytesSent).toBeGreaterThan(0);
    expect(online.recordsFramesSent).toBeGreaterThanOrEqual(1);
    expect(online.rttMs).toBeGreaterThanOrEqual(0);
    expect(net.node('central').replicator!.stats().peers[0]).toMatchObject({ name: 'edge-a', seqsApplied: 3, seqsDuplicate: 0 });
  });
});
