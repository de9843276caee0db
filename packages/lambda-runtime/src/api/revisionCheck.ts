import { PreconditionFailedException } from '../errors.js';

/** Optimistic locking by RevisionId, with Lambda's message. */
export function checkRevision(expected: unknown, actual: string, what: 'GetFunction' | 'GetAlias' = 'GetFunction'): void {
  if (typeof expected === 'string' && expected !== actual) {
    throw new PreconditionFailedException(`The Revision Id provided does not match the latest Revision Id. Call the ${what}/${what === 'GetFunction' ? 'GetAlias' : 'GetFunction'} API to retrieve the latest Revision Id`);
  }
}
