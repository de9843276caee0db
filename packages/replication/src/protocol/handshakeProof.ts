import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { NONCE_BYTES } from './messages.js';

export type ProofRole = 'acceptor' | 'dialer';

/**
 * HMAC-SHA256 with the network secret over both nonces, the network id, both names
 * and the prover's role: a proof cannot be replayed on another connection (fresh
 * nonces), reflected back to its maker (role), or reused for another pair of names.
 */
export function handshakeProof(
  secret: string,
  role: ProofRole,
  fields: { networkId: string; dialer: string; acceptor: string; dialerNonce: Uint8Array; acceptorNonce: Uint8Array },
): Uint8Array {
  const hmac = createHmac('sha256', secret);
  // Length-prefix every field so no two field lists share a byte string.
  for (const part of ['kuhiro-replication-v1', role, fields.networkId, fields.dialer, fields.acceptor]) {
    const bytes = Buffer.from(part, 'utf8');
    hmac.update(lengthPrefix(bytes.length));
    hmac.update(bytes);
  }
  for (const nonce of [fields.dialerNonce, fields.acceptorNonce]) {
    hmac.update(lengthPrefix(nonce.length));
    hmac.update(nonce);
  }
  return new Uint8Array(hmac.digest());
}

function lengthPrefix(length: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(length);
  return buffer;
}

export function proofMatches(expected: Uint8Array, received: Uint8Array): boolean {
  return expected.length === received.length && timingSafeEqual(expected, received);
}

export function createNonce(): Uint8Array {
  return new Uint8Array(randomBytes(NONCE_BYTES));
}
