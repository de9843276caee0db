import type { LogLevel } from '../config.js';

export interface Logger {
  error(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  debug(message: string, fields?: Record<string, unknown>): void;
  isEnabled(level: LogLevel): boolean;
}

const RANK: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

export interface LoggerOptions {
  level: LogLevel;
  /** Where lines go; stderr by default so stdout stays free for the CLI's ready line. */
  write?: (line: string) => void;
  now?: () => Date;
}

/**
 * A leveled logger writing one JSON object per line (time, level, msg, fields), which both
 * people (`| jq`) and log shippers read. Errors in fields are expanded to message + stack.
 */
export function createLogger(options: LoggerOptions): Logger {
  const write = options.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const now = options.now ?? (() => new Date());
  const limit = RANK[options.level];
  const log = (level: LogLevel) => (message: string, fields?: Record<string, unknown>) => {
    if (RANK[level] > limit) return;
    const record: Record<string, unknown> = { time: now().toISOString(), level, msg: message };
    if (fields) for (const [key, value] of Object.entries(fields)) record[key] = expand(value);
    write(JSON.stringify(record));
  };
  return {
    error: log('error'),
    warn: log('warn'),
    info: log('info'),
    debug: log('debug'),
    isEnabled: (level) => RANK[level] <= limit,
  };
}

function expand(value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return value;
}
