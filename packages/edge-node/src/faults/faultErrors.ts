import {
  DynamoDbError,
  InternalServerError,
  ProvisionedThroughputExceededException,
  ServiceUnavailable,
  ThrottlingException,
  TransactionConflictException,
} from '@kuhiro/dynamodb-api';
import type { DynamoDbFaultErrorName, LambdaFaultErrorName } from './faultErrorNames.js';
import { ServiceException, TooManyRequestsException, type LambdaApiError, type TooManyRequestsReason } from '@kuhiro/lambda-runtime';

/**
 * DynamoDB's account-level throttle (on-demand tables past the account's table quota). Not
 * part of the local API (a node has no account quota), so defined here; the message is the
 * one DynamoDB sends, as fault-injection tools recorded it from the service.
 */
export class RequestLimitExceeded extends DynamoDbError {
  readonly type = 'com.amazonaws.dynamodb.v20120810#RequestLimitExceeded';
  constructor(
    message = 'Throughput exceeds the current throughput limit for your account. Please contact AWS Support at https://aws.amazon.com/support request a limit increase',
  ) {
    super(message);
  }
}

/**
 * The DynamoDB errors a rule can inject, each with the status, `__type` and message DynamoDB
 * sends (the classes of @kuhiro/dynamodb-api hold them). The SDK retries the throttles and the
 * 5xx, not TransactionConflictException, exactly as against AWS.
 */
export const DYNAMODB_FAULT_ERRORS: Readonly<Record<string, () => DynamoDbError>> = {
  // `satisfies` below: exactly the names the CLI lists (faultErrorNames.ts), no more, no fewer.
  ProvisionedThroughputExceededException: () => new ProvisionedThroughputExceededException(),
  ThrottlingException: () => new ThrottlingException(),
  RequestLimitExceeded: () => new RequestLimitExceeded(),
  TransactionConflictException: () => new TransactionConflictException(),
  InternalServerError: () => new InternalServerError(),
  ServiceUnavailable: () => new ServiceUnavailable(),
} satisfies Record<DynamoDbFaultErrorName, () => DynamoDbError>;

export const LAMBDA_THROTTLE_REASONS = [
  'ConcurrentInvocationLimitExceeded',
  'FunctionInvocationRateLimitExceeded',
  'ReservedFunctionConcurrentInvocationLimitExceeded',
  'ReservedFunctionInvocationRateLimitExceeded',
] as const satisfies readonly TooManyRequestsReason[];

/** The Lambda errors a rule can inject: lambda-runtime's own classes, so the wire shape is the API's. */
export const LAMBDA_FAULT_ERRORS: Readonly<Record<string, (reason?: TooManyRequestsReason) => LambdaApiError>> = {
  // 429, "Rate Exceeded.", the Reason member and Retry-After, as Lambda throttles an Invoke.
  TooManyRequestsException: (reason) => new TooManyRequestsException(reason ?? 'ConcurrentInvocationLimitExceeded'),
  ServiceException: () => new ServiceException('The Lambda service encountered an internal error.'),
} satisfies Record<LambdaFaultErrorName, (reason?: TooManyRequestsReason) => LambdaApiError>;
