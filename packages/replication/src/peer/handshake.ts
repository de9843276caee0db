import type { NetworkConfig, PopConfig } from '../config/networkConfig.js';
import { MessageKind, type Message } from '../protocol/messages.js';
import { createNonce, handshakeProof, proofMatches } from '../protocol/handshakeProof.js';
import type { Connection } from './connection.js';

export class HandshakeError extends Error {
  override name = 'HandshakeError';
}

export interface HandshakeContext {
  network: NetworkConfig;
  self: PopConfig;
  timeoutMs: number;
  /** False refuses the named peer before anything is sent (an injected partition). */
  admits?: (peer: string) => boolean;
}

/** Resolves with the next message, or rejects on close or timeout. */
function nextMessage(connection: Connection, timeoutMs: number): Promise<Message> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new HandshakeError('handshake timed out')), timeoutMs);
    connection.onClose(() => {
      clearTimeout(timer);
      reject(new HandshakeError('connection closed during handshake'));
    });
    connection.onMessage((message) => {
      clearTimeout(timer);
      // Later messages stay buffered until the next handler is installed.
      connection.pauseMessages();
      resolve(message);
    });
  });
}

/**
 * The dialer's side: HELLO, check the acceptor's proof in CHALLENGE, send AUTH, await
 * WELCOME. Sends nothing else before the acceptor has proven it knows the secret.
 */
export async function dialHandshake(connection: Connection, peer: PopConfig, context: HandshakeContext): Promise<void> {
  const { network, self } = context;
  const dialerNonce = createNonce();
  connection.send({ kind: MessageKind.HELLO, networkId: network.networkId, from: self.name, to: peer.name, nonce: dialerNonce });
  const challenge = await nextMessage(connection, context.timeoutMs);
  if (challenge.kind !== MessageKind.CHALLENGE) throw new HandshakeError(`expected CHALLENGE, got message kind ${challenge.kind}`);
  const fields = { networkId: network.networkId, dialer: self.name, acceptor: peer.name, dialerNonce, acceptorNonce: challenge.nonce };
  if (!proofMatches(handshakeProof(network.secret, 'acceptor', fields), challenge.proof)) {
    throw new HandshakeError(`peer ${peer.name} failed authentication (wrong secret)`);
  }
  connection.send({ kind: MessageKind.AUTH, proof: handshakeProof(network.secret, 'dialer', fields) });
  const welcome = await nextMessage(connection, context.timeoutMs);
  if (welcome.kind !== MessageKind.WELCOME) throw new HandshakeError(`expected WELCOME, got message kind ${welcome.kind}`);
}

/**
 * The acceptor's side. An unknown network or name is refused before anything is sent
 * back; a wrong proof is refused before WELCOME. Returns the authenticated peer.
 */
export async function acceptHandshake(connection: Connection, context: HandshakeContext): Promise<PopConfig> {
  const { network, self } = context;
  const hello = await nextMessage(connection, context.timeoutMs);
  if (hello.kind !== MessageKind.HELLO) throw new HandshakeError(`expected HELLO, got message kind ${hello.kind}`);
  if (hello.networkId !== network.networkId) throw new HandshakeError(`peer "${hello.from}" is in network "${hello.networkId}", not "${network.networkId}"`);
  if (hello.to !== self.name) throw new HandshakeError(`peer "${hello.from}" dialed "${hello.to}", not this node ("${self.name}")`);
  const peer = network.pops.find((pop) => pop.name === hello.from);
  if (!peer || peer.name === self.name) throw new HandshakeError(`unknown peer name "${hello.from}"`);
  if (context.admits && !context.admits(peer.name)) throw new HandshakeError(`peer "${peer.name}" is cut off by an injected partition`);
  const acceptorNonce = createNonce();
  const fields = { networkId: network.networkId, dialer: peer.name, acceptor: self.name, dialerNonce: hello.nonce, acceptorNonce };
  connection.send({ kind: MessageKind.CHALLENGE, nonce: acceptorNonce, proof: handshakeProof(network.secret, 'acceptor', fields) });
  const auth = await nextMessage(connection, context.timeoutMs);
  if (auth.kind !== MessageKind.AUTH) throw new HandshakeError(`expected AUTH, got message kind ${auth.kind}`);
  if (!proofMatches(handshakeProof(network.secret, 'dialer', fields), auth.proof)) {
    throw new HandshakeError(`peer "${peer.name}" failed authentication (wrong secret)`);
  }
  connection.send({ kind: MessageKind.WELCOME });
  return peer;
}
