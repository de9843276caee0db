import type { Response } from 'express';

/**
 * A client-visible Lambda error. Lambda answers with the error type in the `x-amzn-ErrorType`
 * header and a body `{"Type":"User","Message":...}`; the SDK reads the header for the class and
 * `message`/`Message` for the text.
 */
export class LambdaApiError extends Error {
  constructor(
    readonly errorType: string,
    readonly status: number,
    message: string,
    readonly extraBody: Record<string, unknown> = {},
    readonly fault: 'User' | 'Service' = 'User',
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = errorType;
  }
}

export class ResourceNotFoundException extends LambdaApiError {
  constructor(message: string) {
    super('ResourceNotFoundException', 404, message);
  }
}

export class ResourceConflictException extends LambdaApiError {
  constructor(message: string) {
    super('ResourceConflictException', 409, message);
  }
}

export class InvalidParameterValueException extends LambdaApiError {
  constructor(message: string) {
    super('InvalidParameterValueException', 400, message);
  }
}

/** Lambda's model-level constraint failures ("1 validation error detected: ..."). */
export class ValidationException extends LambdaApiError {
  constructor(message: string) {
    super('ValidationException', 400, message);
  }
}

export class InvalidRequestContentException extends LambdaApiError {
  constructor(message: string) {
    super('InvalidRequestContentException', 400, message);
  }
}

export class RequestTooLargeException extends LambdaApiError {
  constructor(message: string) {
    super('RequestTooLargeException', 413, message);
  }
}

export class PreconditionFailedException extends LambdaApiError {
  constructor(message: string) {
    super('PreconditionFailedException', 412, message);
  }
}

export type TooManyRequestsReason =
  | 'ConcurrentInvocationLimitExceeded'
  | 'FunctionInvocationRateLimitExceeded'
  | 'ReservedFunctionConcurrentInvocationLimitExceeded'
  | 'ReservedFunctionInvocationRateLimitExceeded';

export class TooManyRequestsException extends LambdaApiError {
  constructor(reason: TooManyRequestsReason) {
    // Lambda's throttle answer: "Rate Exceeded." with the Reason member and a Retry-After header.
    super('TooManyRequestsException', 429, 'Rate Exceeded.', { Reason: reason }, 'User', { 'Retry-After': '1' });
  }
}

export class ServiceException extends LambdaApiError {
  constructor(message: string) {
    super('ServiceException', 500, message, {}, 'Service');
  }
}

export function sendLambdaError(res: Response, error: LambdaApiError): void {
  res.status(error.status);
  res.setHeader('x-amzn-ErrorType', error.errorType);
  for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
  res.json({ Type: error.fault, Message: error.message, message: error.message, ...error.extraBody });
}

/** "1 validation error detected: ..." / "2 validation errors detected: ...; ..." as Lambda words it. */
export function validationErrors(failures: string[]): ValidationException {
  const noun = failures.length === 1 ? 'error' : 'errors';
  return new ValidationException(`${failures.length} validation ${noun} detected: ${failures.join('; ')}`);
}
