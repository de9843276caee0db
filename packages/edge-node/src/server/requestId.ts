import { randomFillSync } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const ID_LENGTH = 52;
/** Random bytes for 256 ids, drawn at once: one `randomBytes` call per request showed in the write path's profile. */
const pool = Buffer.alloc(ID_LENGTH * 256);
let offset = pool.length;

/** The character code of each random byte's letter or digit (byte % 36, as before). */
const CODES = Uint8Array.from({ length: 256 }, (_, byte) => ALPHABET.charCodeAt(byte % ALPHABET.length));
/** One id's characters, reused: the id is read out of it as one latin1 string (no 52-step concatenation). */
const idBytes = Buffer.alloc(ID_LENGTH);

/** DynamoDB's request ids are 52 characters of A-Z and 0-9; we make ours the same shape. */
export function newRequestId(): string {
  if (offset + ID_LENGTH > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  for (let i = 0; i < ID_LENGTH; i++) idBytes[i] = CODES[pool[offset + i]!]!;
  offset += ID_LENGTH;
  return idBytes.toString('latin1');
}
