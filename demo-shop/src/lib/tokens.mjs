// Session tokens: base64url(JSON payload) + "." + HMAC-SHA256 over it, keyed by SESSION_SECRET.
// The signature lets every PoP reject forged or expired tokens without a read; the sessions
// table then says whether the session was logged out.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { secret } from './db.mjs';

export const SESSION_SECONDS = 7 * 24 * 3600;

function sign(payloadPart) {
  return createHmac('sha256', secret('SESSION_SECRET')).update(payloadPart).digest('base64url');
}

export function issueToken(username, nowSeconds = Math.floor(Date.now() / 1000)) {
  const payload = { sid: randomBytes(18).toString('base64url'), u: username, exp: nowSeconds + SESSION_SECONDS };
  const payloadPart = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return { token: `${payloadPart}.${sign(payloadPart)}`, ...payload };
}

/** The payload of a well-signed, unexpired token, or undefined. */
export function readToken(token, nowSeconds = Math.floor(Date.now() / 1000)) {
  if (typeof token !== 'string') return undefined;
  const [payloadPart, signature, extra] = token.split('.');
  if (!payloadPart || !signature || extra !== undefined) return undefined;
  const expected = Buffer.from(sign(payloadPart));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  let payload;
  try {
    payload = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof payload?.sid !== 'string' || typeof payload.u !== 'string' || typeof payload.exp !== 'number') return undefined;
  return payload.exp > nowSeconds ? payload : undefined;
}
