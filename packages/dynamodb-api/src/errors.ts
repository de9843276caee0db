import type { Item } from '@kuhiro/expressions';

/**
 * Client-visible DynamoDB errors, one class per AWS error type. `type` is the full `__type`
 * AWS sends: protocol faults come from the Coral framework (`com.amazon.coral.service#`),
 * input validation from `com.amazon.coral.validate#`, everything the service itself decides
 * from `com.amazonaws.dynamodb.v20120810#` (namespaces as observed by dynalite against AWS).
 */
export abstract class DynamoDbError extends Error {
  abstract readonly type: string;
  readonly status: number = 400;
  /**
   * Coral's serialization faults spell the member `Message` (capital M); every other error
   * uses `message`. The SDKs read either, but tools that compare bodies do not.
   */
  readonly messageKey: 'message' | 'Message' = 'message';

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }

  /** The JSON body DynamoDB answers with. */
  toBody(): Record<string, unknown> {
    const body: Record<string, unknown> = { __type: this.type };
    if (this.message !== '') body[this.messageKey] = this.message;
    return body;
  }
}

const DYNAMODB = 'com.amazonaws.dynamodb.v20120810#';
const CORAL_SERVICE = 'com.amazon.coral.service#';

export class ValidationException extends DynamoDbError {
  readonly type = 'com.amazon.coral.validate#ValidationException';
}

/** The body could not be read as the operation's input shape (wrong JSON type of a member). */
export class SerializationException extends DynamoDbError {
  readonly type = `${CORAL_SERVICE}SerializationException`;
  override readonly messageKey = 'Message';
  constructor(message = '') {
    super(message);
  }
}

/** Unknown `X-Amz-Target`; AWS sends the bare type without a message. */
export class UnknownOperationException extends DynamoDbError {
  readonly type = `${CORAL_SERVICE}UnknownOperationException`;
  constructor(message = '') {
    super(message);
  }
}

export class MissingAuthenticationTokenException extends DynamoDbError {
  readonly type = `${CORAL_SERVICE}MissingAuthenticationTokenException`;
  constructor(message = 'Request is missing Authentication Token') {
    super(message);
  }
}

export class IncompleteSignatureException extends DynamoDbError {
  readonly type = `${CORAL_SERVICE}IncompleteSignatureException`;
}

export class UnrecognizedClientException extends DynamoDbError {
  readonly type = `${CORAL_SERVICE}UnrecognizedClientException`;
  constructor(message = 'The security token included in the request is invalid.') {
    super(message);
  }
}

export class InvalidSignatureException extends DynamoDbError {
  readonly type = `${CORAL_SERVICE}InvalidSignatureException`;
}

export class AccessDeniedException extends DynamoDbError {
  readonly type = `${CORAL_SERVICE}AccessDeniedException`;
}

export class ResourceNotFoundException extends DynamoDbError {
  readonly type = `${DYNAMODB}ResourceNotFoundException`;
  constructor(message = 'Requested resource not found') {
    super(message);
  }
}

export class ResourceInUseException extends DynamoDbError {
  readonly type = `${DYNAMODB}ResourceInUseException`;
}

export class LimitExceededException extends DynamoDbError {
  readonly type = `${DYNAMODB}LimitExceededException`;
}

/**
 * A ConditionExpression (or Expected) evaluated false. With
 * ReturnValuesOnConditionCheckFailure=ALL_OLD the body carries the item as it was.
 */
export class ConditionalCheckFailedException extends DynamoDbError {
  readonly type = `${DYNAMODB}ConditionalCheckFailedException`;
  constructor(readonly item?: Item, message = 'The conditional request failed') {
    super(message);
  }
  override toBody(): Record<string, unknown> {
    const body = super.toBody();
    if (this.item !== undefined) body.Item = this.item;
    return body;
  }
}

export interface CancellationReason {
  Code: string;
  Message?: string;
  Item?: Item;
}

export class TransactionCanceledException extends DynamoDbError {
  readonly type = `${DYNAMODB}TransactionCanceledException`;
  constructor(readonly cancellationReasons: CancellationReason[], message?: string) {
    super(
      message ??
        `Transaction cancelled, please refer cancellation reasons for specific reasons [${cancellationReasons.map((r) => r.Code).join(', ')}]`,
    );
  }
  override toBody(): Record<string, unknown> {
    return { ...super.toBody(), CancellationReasons: this.cancellationReasons };
  }
}

/** A PartiQL INSERT of a key that already exists. */
export class DuplicateItemException extends DynamoDbError {
  readonly type = `${DYNAMODB}DuplicateItemException`;
  constructor(message = 'Duplicate primary key exists in table') {
    super(message);
  }
}

export class TransactionConflictException extends DynamoDbError {
  readonly type = `${DYNAMODB}TransactionConflictException`;
  constructor(message = 'Transaction is ongoing for the item') {
    super(message);
  }
}

export class IdempotentParameterMismatchException extends DynamoDbError {
  readonly type = `${DYNAMODB}IdempotentParameterMismatchException`;
}

export class ItemCollectionSizeLimitExceededException extends DynamoDbError {
  readonly type = `${DYNAMODB}ItemCollectionSizeLimitExceededException`;
  constructor(message = 'Item collection size limit exceeded') {
    super(message);
  }
}

export class ProvisionedThroughputExceededException extends DynamoDbError {
  readonly type = `${DYNAMODB}ProvisionedThroughputExceededException`;
  constructor(
    message = 'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
  ) {
    super(message);
  }
}

/** Control-plane rate limit; AWS sends it from Coral's availability namespace. */
export class ThrottlingException extends DynamoDbError {
  readonly type = 'com.amazon.coral.availability#ThrottlingException';
  constructor(message = 'Rate of requests exceeds the allowed throughput.') {
    super(message);
  }
}

export class InternalServerError extends DynamoDbError {
  readonly type = `${DYNAMODB}InternalServerError`;
  override readonly status = 500;
  constructor(message = 'Internal server error') {
    super(message);
  }
}

export class ServiceUnavailable extends DynamoDbError {
  readonly type = `${DYNAMODB}ServiceUnavailable`;
  override readonly status = 503;
  constructor(message = 'Service Unavailable') {
    super(message);
  }
}

export interface WireError {
  status: number;
  body: Record<string, unknown>;
}

/**
 * The HTTP status and JSON body for any thrown value. Anything that is not a DynamoDbError
 * is a bug or an internal failure: the client gets InternalServerError (500) and the caller
 * logs the original with the request id.
 */
export function toWireError(err: unknown): WireError {
  const known = err instanceof DynamoDbError ? err : new InternalServerError();
  return { status: known.status, body: known.toBody() };
}
