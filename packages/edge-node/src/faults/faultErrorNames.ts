/**
 * The names of the errors a fault rule can inject, without their classes: the CLI lists them in
 * its help, and loading the classes would pull in the whole DynamoDB and Lambda APIs at startup.
 * faultErrors.ts maps exactly these names (its record types are keyed by them).
 */
export const DYNAMODB_FAULT_ERROR_NAMES = [
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TransactionConflictException',
  'InternalServerError',
  'ServiceUnavailable',
] as const;

export const LAMBDA_FAULT_ERROR_NAMES = ['TooManyRequestsException', 'ServiceException'] as const;

export type DynamoDbFaultErrorName = (typeof DYNAMODB_FAULT_ERROR_NAMES)[number];
export type LambdaFaultErrorName = (typeof LAMBDA_FAULT_ERROR_NAMES)[number];
