import { describe, it, expect, afterEach } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { decodeMessage, encodeMessage, MessageKind, replicationUrl, type Message } from '../../src/index.js';
import { TestNetwork, waitFor } from '../helpers/testNetwork.js';

/** A hand-driven client: records what it receives and how the connection ended. */
async function rawClient(url: string): Promise<{ socket: WebSocket; received: Message[]; closed: Promise<number> }> {
  const socket = new WebSocket(replicationUrl(url));
  const received: Message[] = [];
  socket.on('message', (data: Buffer) => received.push(decodeMessage(new Uint8Array(data))));
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { socket, received, closed };
}

describe('peer handshake', () => {
  let net: TestNetwork | undefined;
  afterEach(async () => {
    await net?.close();
    net = undefined;
  });

  it('peers with the right secret connect and exchange records', async () => {
    net = await TestNetwork.create([{ name: 'central', role: 'central' }, { name: 'edge-a', role: 'edge' }]);
    await net.startAll();
    await net.write('edge-a', 'items', 'k', 'all', (item) => item.set('a', 1));
    await waitFor(() => net!.node('central').store.item('items', 'k')?.a === 1, 5000, 'record at central');
    expect(net.node('central').replicator!.stats().peers[0]).toMatchObject({ name: 'edge-a', connected: true, connects: 1 });
  });

  it('a peer with a wrong secret is refused and logged on both sides; nothing is exchanged either way', async () => {
    net = await TestNetwork.create([{ name: 'central', role: 'central' }, { name: 'edge-a', role: 'edge' }]);
    await net.start('central');
    const rightNetwork = net.network;
    net.network = { ...rightNetwork, secret: 'a-different-secret-0123456789' };
    await net.start('edge-a');
    net.network = rightNetwork;
    await net.write('edge-a', 'items', 'from-edge', 'all', (item) => item.set('a', 1));
    await net.write('central', 'items', 'from-central', 'all', (item) => item.set('b', 2));
    await waitFor(() => net!.node('edge-a').logger.has(/failed authentication/), 5000, 'dialer log');
    await waitFor(() => net!.node('central').logger.has(/refused/), 5000, 'acceptor log');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(net.node('central').store.applied).toEqual([]);
    expect(net.node('edge-a').store.applied).toEqual([]);
    expect(net.node('central').replicator!.vector()).toEqual({ central: 1 });
    expect(net.node('edge-a').replicator!.vector()).toEqual({ 'edge-a': 1 });
    for (const name of ['central', 'edge-a']) {
      const [peer] = net.node(name).replicator!.stats().peers;
      expect(peer).toMatchObject({ connected: false, connects: 0, framesReceived: 0, seqsSent: 0 });
    }
  });

  it('an unknown name is refused before the acceptor sends anything', async () => {
    net = await TestNetwork.create([{ name: 'central', role: 'central' }]);
    await net.start('central');
    await net.write('central', 'items', 'k', 'all', (item) => item.set('a', 1));
    const client = await rawClient(net.network.pops[0]!.url);
    client.socket.send(encodeMessage({ kind: MessageKind.HELLO, networkId: 'test-net', from: 'mallory', to: 'central', nonce: new Uint8Array(32) }));
    expect(await client.closed).toBe(1008);
    expect(client.received).toEqual([]);
    expect(net.node('central').logger.has(/refused.*unknown peer name \\"mallory\\"/)).toBe(true);
  });

  it('a known name with a forged proof gets no WELCOME and no data; frames sent before auth are not applied', async () => {
    net = await TestNetwork.create([{ name: 'central', role: 'central' }, { name: 'edge-a', role: 'edge' }]);
    await net.start('central');
    await net.write('central', 'items', 'k', 'all', (item) => item.set('a', 1));
    const client = await rawClient(net.network.pops[0]!.url);
    client.socket.send(encodeMessage({ kind: MessageKind.HELLO, networkId: 'test-net', from: 'edge-a', to: 'central', nonce: new Uint8Array(randomBytes(32)) }));
    await waitFor(() => client.received.length === 1, 5000, 'challenge');
    expect(client.received[0]!.kind).toBe(MessageKind.CHALLENGE);
    client.socket.send(encodeMessage({ kind: MessageKind.AUTH, proof: new Uint8Array(randomBytes(32)) }));
    client.socket.send(encodeMessage({
      kind: MessageKind.RECORDS, frameId: 1,
      records: [{ origin: 'edge-a', fromSeq: 1, toSeq: 1, entries: [{ tenant: 't1', table: 'items', key: 'evil', scope: 'all', update: new Uint8Array([0, 0]) }] }],
    }));
    expect(await client.closed).toBe(1008);
    expect(client.received.map((m) => m.kind)).toEqual([MessageKind.CHALLENGE]);
    expect(net.node('central').store.applied).toEqual([]);
    expect(net.node('central').replicator!.vector()).toEqual({ central: 1 });
    expect(net.node('central').logger.has(/refused.*edge-a.*wrong secret/)).toBe(true);
  });

  it('a wrong network id is refused', async () => {
    net = await TestNetwork.create([{ name: 'central', role: 'central' }, { name: 'edge-a', role: 'edge' }]);
    await net.start('central');
    const client = await rawClient(net.network.pops[0]!.url);
    client.socket.send(encodeMessage({ kind: MessageKind.HELLO, networkId: 'other-net', from: 'edge-a', to: 'central', nonce: new Uint8Array(32) }));
    expect(await client.closed).toBe(1008);
    expect(client.received).toEqual([]);
    expect(net.node('central').logger.has(/refused.*network \\"other-net\\"/)).toBe(true);
  });

  it('handleUpgrade claims only /_kuhiro/replication, so the host can route other upgrades', async () => {
    net = await TestNetwork.create([{ name: 'central', role: 'central' }]);
    const replicator = await net.start('central');
    const { IncomingMessage } = await import('node:http');
    const { Socket } = await import('node:net');
    const request = new IncomingMessage(new Socket());
    request.url = '/ws/other?x=1';
    expect(replicator.handleUpgrade(request, request.socket, Buffer.alloc(0))).toBe(false);
    request.socket.destroy();
  });
});
