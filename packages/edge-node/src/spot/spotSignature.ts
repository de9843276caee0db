import { createHmac, timingSafeEqual } from 'node:crypto';

/** Central's endpoint for forwarded writes and escrow messages. */
export const SPOT_PATH = '/_kuhiro/spot';

export const SPOT_HEADERS = {
  node: 'x-kuhiro-node',
  timestamp: 'x-kuhiro-timestamp',
  signature: 'x-kuhiro-signature',
} as const;

/** A forwarded request older or newer than this is refused (replay window; PoP clocks may differ a little). */
export const MAX_SPOT_SKEW_MS = 5 * 60 * 1000;

/** HMAC-SHA256 of the network secret over node name, timestamp and body, length-prefixed so fields cannot slide. */
export function spotSignature(secret: string, node: string, timestamp: string, body: string): string {
  const hmac = createHmac('sha256', secret);
  for (const field of ['kuhiro-spot-v1', node, timestamp, body]) {
    hmac.update(`${Buffer.byteLength(field)}:`);
    hmac.update(field);
  }
  return hmac.digest('hex');
}

export function signSpotRequest(secret: string, node: string, body: string, nowMs: number): Record<string, string> {
  const timestamp = String(nowMs);
  return {
    [SPOT_HEADERS.node]: node,
    [SPOT_HEADERS.timestamp]: timestamp,
    [SPOT_HEADERS.signature]: spotSignature(secret, node, timestamp, body),
  };
}

/** The signing node's name if the headers prove knowledge of the secret within the skew window; undefined otherwise. */
export function verifySpotRequest(
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  body: string,
  nowMs: number,
): string | undefined {
  const node = headers[SPOT_HEADERS.node];
  const timestamp = headers[SPOT_HEADERS.timestamp];
  const signature = headers[SPOT_HEADERS.signature];
  if (typeof node !== 'string' || typeof timestamp !== 'string' || typeof signature !== 'string') return undefined;
  const sentAt = Number(timestamp);
  if (!Number.isFinite(sentAt) || Math.abs(nowMs - sentAt) > MAX_SPOT_SKEW_MS) return undefined;
  const expected = Buffer.from(spotSignature(secret, node, timestamp, body), 'hex');
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected) ? node : undefined;
}
