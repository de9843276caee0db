import { randomBytes, randomUUID } from 'node:crypto';

/** Lower-case letters and digits, as API ids and function URL ids are made of. */
export function randomLowerAlnum(length: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(randomBytes(length), (byte) => alphabet[byte % alphabet.length]).join('');
}

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

export { randomUUID };
