import { DynamoDbError } from '@kuhiro/dynamodb-api';

const STREAMS = 'com.amazonaws.dynamodb.v20120810#';

/** GetRecords with an iterator older than 15 minutes. */
export class ExpiredIteratorException extends DynamoDbError {
  readonly type = `${STREAMS}ExpiredIteratorException`;
}

/** A position older than the stream's 24 h retention (its records were trimmed). */
export class TrimmedDataAccessException extends DynamoDbError {
  readonly type = `${STREAMS}TrimmedDataAccessException`;
}
