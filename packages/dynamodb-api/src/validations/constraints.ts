import { ValidationException } from '../errors.js';
import type { MemberSpec, StructureSpec } from './spec.js';

/** AWS lists at most ten constraint failures in one message. */
const MAX_REPORTED = 10;

/**
 * Step two of AWS's order: every constraint of the model, gathered into one message
 * "N validation error(s) detected: Value X at 'path' failed to satisfy constraint: ...; ...".
 * Paths are lowerCamelCase member names; list elements are `name.<1-based index>.member`,
 * map values `name.<key>.member`, as AWS prints them.
 */
export function checkConstraints(input: Record<string, unknown>, members: StructureSpec): void {
  const errors: string[] = [];
  checkMembers(input, members, '', errors);
  if (errors.length > 0) {
    const shown = errors.slice(0, MAX_REPORTED);
    throw new ValidationException(
      `${shown.length} validation error${shown.length > 1 ? 's' : ''} detected: ${shown.join('; ')}`,
    );
  }
}

/**
 * TableName is checked ahead of every other constraint, with its own wording (AWS, via
 * dynalite's suite): absent -> "The parameter 'TableName' is required but was not present in
 * the request"; too short or long -> "TableName must be at least 3 characters long and at
 * most 255 characters long". Its pattern is an ordinary constraint.
 */
export function checkTableName(input: Record<string, unknown>, member: string): void {
  const value = input[member];
  if (value === undefined) {
    throw new ValidationException(`The parameter '${member}' is required but was not present in the request`);
  }
  if (typeof value === 'string' && (value.length < 3 || value.length > 255)) {
    throw new ValidationException(`${member} must be at least 3 characters long and at most 255 characters long`);
  }
}

export function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function checkMembers(data: Record<string, unknown>, members: StructureSpec, parent: string, errors: string[]): void {
  for (const { name, spec, pathName } of memberList(members)) {
    const value = data[name];
    // An absent optional member has nothing to check (checkMember would only look at notNull).
    if ((value === undefined || value === null) && !spec.notNull) continue;
    checkMember(value, spec, parent + pathName, errors);
  }
}

/** A spec's members with their path names, listed once per spec object (specs are constants). */
const memberLists = new WeakMap<StructureSpec, Array<{ name: string; spec: MemberSpec; pathName: string }>>();
function memberList(members: StructureSpec): Array<{ name: string; spec: MemberSpec; pathName: string }> {
  let list = memberLists.get(members);
  if (list === undefined) {
    list = Object.entries(members).map(([name, spec]) => ({ name, spec, pathName: lowerFirst(name) }));
    memberLists.set(members, list);
  }
  return list;
}

function checkMember(value: unknown, spec: MemberSpec, path: string, errors: string[]): void {
  if (value === undefined || value === null) {
    if (spec.notNull) report(errors, null, path, 'Member must not be null');
    return;
  }
  if (spec.enum && !spec.enum.includes(value as string)) {
    report(errors, value, path, `Member must satisfy enum value set: [${spec.enum.join(', ')}]`);
  }
  if (spec.pattern !== undefined && !wholeMatch(spec.pattern).test(value as string)) {
    report(errors, value, path, `Member must satisfy regular expression pattern: ${spec.pattern}`);
  }
  const length = lengthOf(value);
  if (spec.minLength !== undefined && length < spec.minLength) {
    report(errors, value, path, `Member must have length greater than or equal to ${spec.minLength}`);
  }
  if (spec.maxLength !== undefined && length > spec.maxLength) {
    report(errors, value, path, `Member must have length less than or equal to ${spec.maxLength}`);
  }
  if (spec.min !== undefined && (value as number) < spec.min) {
    report(errors, value, path, `Member must have value greater than or equal to ${spec.min}`);
  }
  if (spec.max !== undefined && (value as number) > spec.max) {
    report(errors, value, path, `Member must have value less than or equal to ${spec.max}`);
  }
  if (spec.keys) checkMapKeys(value as Record<string, unknown>, spec.keys, path, errors);
  if (spec.values) checkMapValues(value as Record<string, unknown>, spec.values, path, errors);
  checkChildren(value, spec, path, errors);
}

function checkChildren(value: unknown, spec: MemberSpec, path: string, errors: string[]): void {
  const type = spec.type;
  if (typeof type === 'string') return;
  if ('list' in type) {
    (value as unknown[]).forEach((child, i) => checkMember(child, type.list, `${path}.${i + 1}.member`, errors));
  } else if ('map' in type) {
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      checkMember(child, type.map, `${path}.${key}.member`, errors);
    }
  } else {
    checkMembers(value as Record<string, unknown>, type.members, `${path}.`, errors);
  }
}

function checkMapKeys(map: Record<string, unknown>, keys: NonNullable<MemberSpec['keys']>, path: string, errors: string[]): void {
  const rules: string[] = [];
  if (keys.minLength !== undefined) rules.push(`Member must have length greater than or equal to ${keys.minLength}`);
  if (keys.maxLength !== undefined) rules.push(`Member must have length less than or equal to ${keys.maxLength}`);
  if (keys.pattern !== undefined) rules.push(`Member must satisfy regular expression pattern: ${keys.pattern}`);
  for (const key of Object.keys(map)) {
    const ok =
      (keys.minLength === undefined || key.length >= keys.minLength) &&
      (keys.maxLength === undefined || key.length <= keys.maxLength) &&
      (keys.pattern === undefined || wholeMatch(keys.pattern).test(key));
    if (!ok) report(errors, map, path, `Map keys must satisfy constraint: [${rules.join(', ')}]`);
  }
}

function checkMapValues(map: Record<string, unknown>, values: NonNullable<MemberSpec['values']>, path: string, errors: string[]): void {
  const rules: string[] = [];
  if (values.minLength !== undefined) rules.push(`Member must have length greater than or equal to ${values.minLength}`);
  if (values.maxLength !== undefined) rules.push(`Member must have length less than or equal to ${values.maxLength}`);
  for (const value of Object.values(map)) {
    const length = lengthOf(value);
    const ok =
      (values.minLength === undefined || length >= values.minLength) &&
      (values.maxLength === undefined || length <= values.maxLength);
    if (!ok) report(errors, map, path, `Map value must satisfy constraint: [${rules.join(', ')}]`);
  }
}

/** Compiled once per pattern: TableName's pattern is checked on every request. */
const compiled = new Map<string, RegExp>();
function wholeMatch(pattern: string): RegExp {
  let regex = compiled.get(pattern);
  if (!regex) compiled.set(pattern, (regex = new RegExp(`^(?:${pattern})$`)));
  return regex;
}

function lengthOf(value: unknown): number {
  if (typeof value === 'string' || Array.isArray(value)) return value.length;
  if (typeof value === 'object' && value !== null) return Object.keys(value).length;
  return 0;
}

function report(errors: string[], value: unknown, path: string, constraint: string): void {
  errors.push(`Value ${valueText(value)} at '${path}' failed to satisfy constraint: ${constraint}`);
}

/** How Coral prints a value: null bare, everything else quoted in Java's toString form. */
function valueText(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `'[${value.map(javaText).join(', ')}]'`;
  return `'${javaText(value)}'`;
}

function javaText(value: unknown): string {
  if (typeof value === 'object' && value !== null) {
    if (Array.isArray(value)) return `[${value.map(javaText).join(', ')}]`;
    return `{${Object.entries(value).map(([k, v]) => `${k}=${javaText(v)}`).join(', ')}}`;
  }
  return String(value);
}
