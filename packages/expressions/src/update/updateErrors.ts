import { ExpressionValidationError } from '../errors.js';

/** Runtime UpdateExpression errors, in AWS's wording. */
export const missingAttribute = (): ExpressionValidationError =>
  new ExpressionValidationError('The provided expression refers to an attribute that does not exist in the item');
export const incorrectOperandType = (): ExpressionValidationError =>
  new ExpressionValidationError('An operand in the update expression has an incorrect data type');
export const invalidPathForUpdate = (): ExpressionValidationError =>
  new ExpressionValidationError('The document path provided in the update expression is invalid for update');
export const keyAttributeUpdate = (name: string): ExpressionValidationError =>
  new ExpressionValidationError(`One or more parameter values were invalid: Cannot update attribute ${name}. This attribute is part of the key`);
