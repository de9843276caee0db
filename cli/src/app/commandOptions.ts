import { resolve } from 'node:path';
import { UsageError } from '../usageError.js';

/** `--parameter Name=Value` (repeatable), like `sam deploy --parameter-overrides`. */
export function collectParameter(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new UsageError(`--parameter must look like Name=Value, not ${value}`);
  return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) };
}

export function appDirFrom(flag: string | undefined): string {
  return resolve(flag ?? '.');
}

export function stdoutLine(line: string): void {
  process.stdout.write(line + '\n');
}

export function stderrLine(line: string): void {
  process.stderr.write(line + '\n');
}
