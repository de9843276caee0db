import { validationErrors } from '../errors.js';

/** Alias names: letters, digits, - and _, not all digits (that would read as a version). */
export function validateAliasName(name: unknown): string {
  if (typeof name !== 'string' || !/^(?!^[0-9]+$)([a-zA-Z0-9-_]+)$/.test(name) || name.length > 128) {
    throw validationErrors([`Value '${String(name)}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)`]);
  }
  return name;
}

export function validateFunctionVersion(version: unknown): string {
  if (typeof version !== 'string' || !/^(\$LATEST|[0-9]+)$/.test(version)) {
    throw validationErrors([`Value '${String(version)}' at 'functionVersion' failed to satisfy constraint: Member must satisfy regular expression pattern: (\\$LATEST|[0-9]+)`]);
  }
  return version;
}
