import type { Item } from '@kuhiro/expressions';
import { ValidationException } from '../errors.js';

/**
 * ExecuteStatement's NextToken: the page's LastEvaluatedKey plus the statement it belongs
 * to, so a token replayed with another statement is refused as AWS refuses it.
 */
export function encodeNextToken(statement: string, lastKey: Item): string {
  return Buffer.from(JSON.stringify({ s: statement, k: lastKey })).toString('base64');
}

export function decodeNextToken(statement: string, token: string): Item {
  let decoded: { s?: unknown; k?: unknown };
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
  } catch {
    throw new ValidationException('Invalid NextToken');
  }
  if (typeof decoded !== 'object' || decoded === null || typeof decoded.k !== 'object' || decoded.k === null) {
    throw new ValidationException('Invalid NextToken');
  }
  if (decoded.s !== statement) throw new ValidationException('NextToken does not match request');
  return decoded.k as Item;
}
