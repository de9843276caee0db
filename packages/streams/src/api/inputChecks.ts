import { ValidationException } from '@kuhiro/dynamodb-api';

/** Coral's model-validation wording, as DynamoDB Streams answers it. */
export function validationError(failures: string[]): ValidationException {
  const noun = failures.length === 1 ? 'error' : 'errors';
  return new ValidationException(`${failures.length} validation ${noun} detected: ${failures.join('; ')}`);
}

export function optionalString(input: Record<string, unknown>, member: string, field: string, failures: string[]): string | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    failures.push(`Value '${String(value)}' at '${field}' failed to satisfy constraint: Member must be a string`);
    return undefined;
  }
  return value;
}

export function requiredString(input: Record<string, unknown>, member: string, field: string, failures: string[]): string {
  const value = optionalString(input, member, field, failures);
  if (value === undefined && (input[member] === undefined || input[member] === null)) {
    failures.push(`Value null at '${field}' failed to satisfy constraint: Member must not be null`);
  }
  return value ?? '';
}

export function optionalLimit(input: Record<string, unknown>, field: string, max: number, failures: string[]): number | undefined {
  const value = input.Limit;
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    failures.push(`Value '${String(value)}' at '${field}' failed to satisfy constraint: Member must have value greater than or equal to 1`);
    return undefined;
  }
  if (value > max) {
    failures.push(`Value '${value}' at '${field}' failed to satisfy constraint: Member must have value less than or equal to ${max}`);
    return undefined;
  }
  return value;
}
