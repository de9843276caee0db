import { z } from 'zod';

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export const FSYNC_POLICIES = ['always', 'batch', 'none'] as const;

/**
 * The configuration of one node. The CLI flags and any programmatic caller go through this
 * schema, so defaults and checks live in one place and the type is inferred from it.
 */
export const NodeConfigSchema = z
  .object({
    /** TCP port; 0 picks a free one (tests, `kuhiro up`). */
    port: z.number().int().min(0).max(65535),
    host: z.string().min(1).default('127.0.0.1'),
    /** Directory for the item store and function code; created if missing. */
    dataDir: z.string().min(1),
    /** The one region this node serves; requests signed for another region are refused. */
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'must look like an AWS region, e.g. us-east-1')
      .default('us-east-1'),
    /** JSON file of accounts and keys; without it the node runs in development mode. */
    credentialsFile: z.string().min(1).optional(),
    logLevel: z.enum(LOG_LEVELS).default('info'),
    /** Names the node in logs, health answers and (later) replication; seeds its Yjs clientID. */
    nodeName: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, 'must be 1-63 letters, digits, "_", "." or "-"')
      .default('node'),
    fsync: z.enum(FSYNC_POLICIES).default('batch'),
    /** `kuhiro.network.json`: join that edge network as the PoP named `nodeName`. Absent: run alone. */
    networkFile: z.string().min(1).optional(),
    /**
     * Retention of the replication journal (defaults: 256 MiB, 8 MiB segments). A peer further
     * behind than the journal retains gets a state transfer; tests shrink it to force one.
     */
    replicationJournal: z
      .object({ retainBytes: z.number().int().positive().optional(), segmentBytes: z.number().int().positive().optional() })
      .strict()
      .optional(),
    /**
     * Memory sizes (MB) for which the node keeps one pre-started spare environment, so the first
     * invoke of a new function of that size skips a process start. Each costs an idle `node`
     * process (~40 MB). Lambda's default size, 128, unless set; [] keeps none.
     */
    lambdaSpareMemoryMb: z.array(z.number().int().min(128).max(10240)).default([128]),
    /** Functions whose workers run under the Node inspector (`kuhiro dev --inspect`); the i-th listens on inspectPort + i. */
    inspectFunctions: z.array(z.string().min(1)).default([]),
    inspectPort: z.number().int().min(1).max(65535).default(9229),
  })
  .strict();

/** What a caller may pass (defaults may be left out). */
export type NodeConfigInput = z.input<typeof NodeConfigSchema>;
/** The config after defaults are applied. */
export type NodeConfig = z.output<typeof NodeConfigSchema>;
export type LogLevel = (typeof LOG_LEVELS)[number];

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Validates and fills defaults; throws ConfigError with a message a user can act on. */
export function parseNodeConfig(input: unknown): NodeConfig {
  const result = NodeConfigSchema.safeParse(input);
  if (!result.success) throw new ConfigError(formatZodError(result.error, 'node config'));
  return result.data;
}

/**
 * One line per problem, each naming the offending field by its path (`accounts[0].keys[1].accessKeyId`),
 * so a user fixing a config file or a flag knows where to look. zod's own output is JSON.
 */
export function formatZodError(error: z.ZodError, what: string): string {
  const lines = error.issues.map((issue) => {
    const path = formatPath(issue.path);
    return path === '' ? issue.message : `${path}: ${issue.message}`;
  });
  return `Invalid ${what}: ${lines.join('; ')}`;
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}
