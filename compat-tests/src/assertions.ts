import assert from 'node:assert/strict';

/** What a test sees of a failed SDK call: AWS's error type as `name`, AWS's text as `message`. */
export interface AwsErrorShape {
  name: string;
  message: string;
  Item?: Record<string, unknown>;
  $metadata?: { httpStatusCode?: number };
}

/** Awaits a call that must fail and returns the error; fails the test if it succeeded. */
export async function rejectionOf(promise: Promise<unknown>): Promise<AwsErrorShape> {
  let result: unknown;
  try {
    result = await promise;
  } catch (error) {
    return error as AwsErrorShape;
  }
  throw new Error(`expected the call to fail, but it succeeded with ${JSON.stringify(result)}`);
}

/** The call fails with error type `name` and exactly `message` (or a message matching a RegExp). */
export async function expectAwsError(promise: Promise<unknown>, name: string, message?: string | RegExp): Promise<AwsErrorShape> {
  const error = await rejectionOf(promise);
  // node:assert rather than jest's expect keeps this module usable outside jest (benchmarks).
  // Name and message are compared together so a failure shows both.
  const seen = { name: error.name, message: error.message };
  if (message === undefined) assert.equal(seen.name, name, `expected ${name}, got ${JSON.stringify(seen)}`);
  else if (typeof message === 'string') assert.deepEqual(seen, { name, message });
  else {
    assert.equal(seen.name, name, `expected ${name}, got ${JSON.stringify(seen)}`);
    assert.match(seen.message, message);
  }
  return error;
}

export function expectValidation(promise: Promise<unknown>, message: string | RegExp): Promise<AwsErrorShape> {
  return expectAwsError(promise, 'ValidationException', message);
}

export function expectConditionalFailure(promise: Promise<unknown>): Promise<AwsErrorShape> {
  return expectAwsError(promise, 'ConditionalCheckFailedException', 'The conditional request failed');
}

/** Item actions say just "Requested resource not found"; DescribeTable/DeleteTable name the table. */
export function expectResourceNotFound(promise: Promise<unknown>, message: string | RegExp = 'Requested resource not found'): Promise<AwsErrorShape> {
  return expectAwsError(promise, 'ResourceNotFoundException', message);
}

export function expectResourceInUse(promise: Promise<unknown>, message: string | RegExp): Promise<AwsErrorShape> {
  return expectAwsError(promise, 'ResourceInUseException', message);
}
