import { ValidationException } from '../errors.js';

/** AWS's envelope for every PartiQL parse failure. */
export function statementError(detail: string): ValidationException {
  return new ValidationException(`Statement wasn't well formed, can't be processed: ${detail}`);
}
