/**
 * Internal failures of the store, by code. The dynamodb-api layer maps the ones a client can
 * cause (a table that exists, a table that is gone) onto AWS's error types.
 */
export type KuhiroErrorCode =
  /** createTable: the tenant already has a table of that name. */
  | 'ERR_TABLE_EXISTS'
  /** A table record whose id the store does not know (deleted, or never created). */
  | 'ERR_TABLE_NOT_FOUND'
  /** Query/Scan named an index the table does not have. */
  | 'ERR_INDEX_NOT_FOUND'
  /** A key (or ExclusiveStartKey) lacks a key attribute or has the wrong type. */
  | 'ERR_INVALID_KEY'
  /** The store was used after close(). */
  | 'ERR_STORE_CLOSED'
  /** The data directory holds something the store cannot read. */
  | 'ERR_CORRUPT_DATA';

export class KuhiroError<Code extends KuhiroErrorCode = KuhiroErrorCode> extends Error {
  override readonly name = 'KuhiroError';
  constructor(
    readonly code: Code,
    message: string,
  ) {
    super(message);
  }
}
