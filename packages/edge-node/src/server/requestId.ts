import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** DynamoDB's request ids are 52 characters of A-Z and 0-9; we make ours the same shape. */
export function newRequestId(): string {
  const bytes = randomBytes(52);
  let id = '';
  for (const byte of bytes) id += ALPHABET[byte % ALPHABET.length];
  return id;
}
