// User records: what is stored (with the password hash) and what a client may see.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { db, table } from './db.mjs';

export const USERNAME = /^[a-z0-9][a-z0-9_.-]{2,31}$/;
export const USERNAME_HINT = '"username" must be 3 to 32 characters: lower-case letters, digits, "_", "." or "-", starting with a letter or digit.';
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function publicUser(item) {
  const { passwordHash, ...shown } = item;
  return shown;
}

export async function findUser(username) {
  const { Item } = await db().send(new GetCommand({ TableName: table('users'), Key: { username }, ConsistentRead: true }));
  return Item;
}
