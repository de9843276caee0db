import { expect } from '@jest/globals';
import { ExpressionValidationError } from '../src/index.js';

/** The message of the ExpressionValidationError `run` throws; fails the test if it throws nothing or something else. */
export function validationErrorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ExpressionValidationError);
    return (error as Error).message;
  }
  throw new Error('expected an ExpressionValidationError');
}
