import { randomFillSync } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const ID_LENGTH = 52;
/** Random bytes for 256 ids, drawn at once: one `randomBytes` call per request showed in the write path's profile. */
const pool = Buffer.alloc(ID_LENGTH * 256);
let offset = pool.length;

/** DynamoDB's request ids are 52 characters of A-Z and 0-9; we make ours the same shape. */
export function newRequestId(): string {
  if (offset + ID_LENGTH > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  let id = '';
  for (let i = offset; i < offset + ID_LENGTH; i++) id += ALPHABET[pool[i]! % ALPHABET.length];
  offset += ID_LENGTH;
  return id;
}
