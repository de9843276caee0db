/**
 * Lambda's event filter patterns (the EventBridge pattern language) on a stream record: a pattern
 * is an object whose leaves are arrays of matchers, any of which may match. Supported matchers:
 * exact values (string, number, boolean, null), `prefix`, `suffix`, `equals-ignore-case`,
 * `anything-but` (a value, a list, or `{prefix}`), `numeric` (comparisons, `=` included) and
 * `exists`. DynamoDB numbers arrive as strings ({"N": "5"}), so `numeric` also compares a string
 * that is a number.
 */
export type FilterPattern = { [field: string]: FilterPattern | unknown[] };

export class FilterPatternError extends Error {}

/** Parses one `Pattern` string; throws FilterPatternError if it is not a pattern Lambda accepts. */
export function parseFilterPattern(text: string): FilterPattern {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new FilterPatternError('not JSON');
  }
  checkPattern(parsed);
  return parsed as FilterPattern;
}

function checkPattern(pattern: unknown): void {
  if (typeof pattern !== 'object' || pattern === null || Array.isArray(pattern)) throw new FilterPatternError('a pattern is a JSON object');
  for (const value of Object.values(pattern)) {
    if (Array.isArray(value)) {
      if (value.length === 0) throw new FilterPatternError('empty arrays are not allowed');
      for (const matcher of value) checkMatcher(matcher);
    } else checkPattern(value);
  }
}

function checkMatcher(matcher: unknown): void {
  if (matcher === null || typeof matcher !== 'object') return;
  if (Array.isArray(matcher)) throw new FilterPatternError('nested arrays are not allowed');
  const entries = Object.entries(matcher);
  if (entries.length !== 1) throw new FilterPatternError('a matcher object has exactly one key');
  const [operator, operand] = entries[0]!;
  switch (operator) {
    case 'prefix':
    case 'suffix':
    case 'equals-ignore-case':
      if (typeof operand !== 'string') throw new FilterPatternError(`${operator} takes a string`);
      return;
    case 'exists':
      if (typeof operand !== 'boolean') throw new FilterPatternError('exists takes true or false');
      return;
    case 'anything-but':
      return;
    case 'numeric': {
      if (!Array.isArray(operand) || operand.length === 0 || operand.length % 2 !== 0) throw new FilterPatternError('numeric takes operator/number pairs');
      for (let i = 0; i < operand.length; i += 2) {
        if (!['<', '<=', '=', '>', '>='].includes(operand[i] as string) || typeof operand[i + 1] !== 'number') throw new FilterPatternError('bad numeric comparison');
      }
      return;
    }
    default:
      throw new FilterPatternError(`unknown operator ${operator}`);
  }
}

/** Whether the event matches the pattern (every field of the pattern matches). */
export function matchesPattern(pattern: FilterPattern, event: unknown): boolean {
  const object = typeof event === 'object' && event !== null && !Array.isArray(event) ? (event as Record<string, unknown>) : {};
  for (const [field, rule] of Object.entries(pattern)) {
    const value = Object.hasOwn(object, field) ? object[field] : undefined;
    if (Array.isArray(rule)) {
      if (!rule.some((matcher) => matchesLeaf(matcher, value))) return false;
    } else if (!matchesPattern(rule as FilterPattern, value)) return false;
  }
  return true;
}

function matchesLeaf(matcher: unknown, value: unknown): boolean {
  if (matcher !== null && typeof matcher === 'object' && 'exists' in matcher) {
    return (matcher as { exists: boolean }).exists === (value !== undefined);
  }
  if (value === undefined) return false;
  // A field holding an array matches if any of its elements does.
  if (Array.isArray(value)) return value.some((element) => matchesLeaf(matcher, element));
  if (matcher === null || typeof matcher !== 'object') return matcher === value;
  const [operator, operand] = Object.entries(matcher)[0]!;
  switch (operator) {
    case 'prefix':
      return typeof value === 'string' && value.startsWith(operand as string);
    case 'suffix':
      return typeof value === 'string' && value.endsWith(operand as string);
    case 'equals-ignore-case':
      return typeof value === 'string' && value.toLowerCase() === (operand as string).toLowerCase();
    case 'anything-but':
      return !matchesAnythingBut(operand, value);
    case 'numeric':
      return matchesNumeric(operand as Array<string | number>, value);
    default:
      return false;
  }
}

function matchesAnythingBut(operand: unknown, value: unknown): boolean {
  if (Array.isArray(operand)) return operand.includes(value);
  if (operand !== null && typeof operand === 'object') {
    const prefix = (operand as { prefix?: unknown }).prefix;
    return typeof prefix === 'string' && typeof value === 'string' && value.startsWith(prefix);
  }
  return operand === value;
}

function matchesNumeric(comparisons: Array<string | number>, value: unknown): boolean {
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (Number.isNaN(number)) return false;
  for (let i = 0; i < comparisons.length; i += 2) {
    const bound = comparisons[i + 1] as number;
    const ok = { '<': number < bound, '<=': number <= bound, '=': number === bound, '>': number > bound, '>=': number >= bound }[comparisons[i] as string];
    if (!ok) return false;
  }
  return true;
}
