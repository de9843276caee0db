// Salted scrypt password hashes, stored as "scrypt$N$r$p$salt$hash" so parameters can change later.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt);
// N=2^14, r=8, p=1 is Node's default and OWASP's floor for scrypt; ~50 ms and 16 MB per hash.
const COST = { N: 16384, r: 8, p: 1 };
const KEY_LENGTH = 32;

export async function hashPassword(password) {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, KEY_LENGTH, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

export async function verifyPassword(password, stored) {
  const [scheme, N, r, p, salt, expected] = String(stored).split('$');
  if (scheme !== 'scrypt') return false;
  const expectedBytes = Buffer.from(expected, 'base64url');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64url'), expectedBytes.length, { N: Number(N), r: Number(r), p: Number(p) });
  return timingSafeEqual(actual, expectedBytes);
}

/** A hash to compare against when the user does not exist, so both failures take equally long. */
export const DECOY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
