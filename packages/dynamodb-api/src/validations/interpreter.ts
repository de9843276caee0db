import { ValidationException } from '../errors.js';
import { checkConstraints, checkTableName } from './constraints.js';
import { readStructure } from './serialization.js';
import type { OperationSpec } from './spec.js';

/**
 * Runs one operation's spec in AWS's order: serialization (wire types) first, then the
 * TableName check with its own wording, then all constraint failures in one message, then
 * the operation's semantic `custom` check (returns AWS's message, or undefined when fine).
 * The body is never mutated: the typed input is a fresh copy.
 */
export function validateInput<Input>(
  body: Record<string, unknown>,
  spec: OperationSpec,
  custom?: (input: Input) => string | undefined,
): Input {
  const input = readStructure(body, spec.members);
  if (spec.tableNameMember !== undefined) checkTableName(input, spec.tableNameMember);
  checkConstraints(input, spec.members);
  const typed = input as Input;
  const message = custom?.(typed);
  if (message !== undefined) throw new ValidationException(message);
  return typed;
}
