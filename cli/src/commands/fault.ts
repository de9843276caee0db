import { Command, Option } from 'commander';
import { DYNAMODB_FAULT_ERROR_NAMES, LAMBDA_FAULT_ERROR_NAMES } from '@kuhiro/edge-node/config';
import { UsageError } from '../usageError.js';

/** What every `kuhiro fault` subcommand needs to reach a node's admin API. */
interface AdminFlags {
  endpoint: string;
  adminToken?: string;
  account?: string;
}

interface RuleView {
  id: string;
  service: string;
  target?: string;
  operations?: string[];
  error?: string;
  reason?: string;
  latencyMs?: number;
  remaining?: number;
  expiresAt?: number;
  probability?: number;
  partition?: boolean;
  peers?: string[];
  hits: number;
}

const EXAMPLES = `
Examples:
  # the next 3 requests to table Orders are throttled
  kuhiro fault add --endpoint http://127.0.0.1:4566 --table Orders --error ProvisionedThroughputExceededException --count 3
  # half of the invokes of function f get a 429, for 30 seconds
  kuhiro fault add --function f --error TooManyRequestsException --probability 0.5 --duration 30s
  # every DynamoDB GetItem waits 200 ms
  kuhiro fault add --service dynamodb --operation GetItem --latency 200ms
  kuhiro fault list
  kuhiro fault clear
  # a PoP of a network stops replicating with edge-2 for 10 s (with all peers without --peer)
  kuhiro fault partition --endpoint http://127.0.0.1:4567 --peer edge-2 --duration 10s
  kuhiro fault delay --latency 300ms
  kuhiro fault heal

Errors: DynamoDB ${DYNAMODB_FAULT_ERROR_NAMES.join(', ')};
        Lambda ${LAMBDA_FAULT_ERROR_NAMES.join(', ')}.
Each is answered with AWS's exact status, error type and message, so the SDK retries as against AWS.
On a node with a credentials file, pass the admin token (--admin-token or KUHIRO_ADMIN_TOKEN) and --account.`;

/** `kuhiro fault ...`: inject AWS errors, latency and network partitions into a running node. */
export function faultCommand(): Command {
  const fault = new Command('fault')
    .description('Inject faults into a running node: AWS errors and latency for tables and functions, partitions and delays between PoPs.')
    .addHelpText('after', EXAMPLES);

  fault.addCommand(withAdminFlags(new Command('add'))
    .description('Add a fault rule for DynamoDB (a table) or Lambda (a function).')
    .option('--table <name>', 'the DynamoDB table (all tables if absent)')
    .option('--function <name>', 'the Lambda function (all functions if absent)')
    .addOption(new Option('--service <service>', 'dynamodb or lambda, when neither --table nor --function says it').choices(['dynamodb', 'lambda']))
    .option('--operation <name...>', 'only these operations (PutItem, Invoke, ...)')
    .option('--error <name>', 'the AWS error to answer with')
    .option('--reason <reason>', 'TooManyRequestsException: the Reason Lambda sends')
    .option('--latency <time>', 'added latency before handling (200ms, 1s; a bare number is ms)')
    .option('--count <n>', 'fault this many requests, then stop')
    .option('--duration <time>', 'remove the rule after this long (30s, 5m)')
    .option('--probability <p>', 'fault each matching request with this probability (0..1)')
    .option('--json', 'print the stored rule as JSON')
    .action(async (flags: AdminFlags & AddFlags) => {
      const rule = await admin(flags, 'POST', '', ruleFromFlags(flags));
      process.stdout.write(flags.json ? JSON.stringify(rule) + '\n' : `added ${describeRule(rule as RuleView)}\n`);
    })
    .addHelpText('after', EXAMPLES)
    .exitOverride());

  fault.addCommand(withAdminFlags(new Command('list'))
    .description("List the node's fault rules (with what is left of them).")
    .option('--json', 'print {"faults":[...]}')
    .action(async (flags: AdminFlags & { json?: boolean }) => {
      const answer = (await admin(flags, 'GET', '')) as { faults: RuleView[] };
      if (flags.json) process.stdout.write(JSON.stringify(answer) + '\n');
      else process.stdout.write(answer.faults.length === 0 ? 'no faults\n' : answer.faults.map((rule) => describeRule(rule) + '\n').join(''));
    })
    .exitOverride());

  fault.addCommand(withAdminFlags(new Command('remove'))
    .description('Remove one fault rule.')
    .argument('<id>', 'the id `add` or `list` printed')
    .action(async (id: string, flags: AdminFlags) => {
      await admin(flags, 'DELETE', `/${encodeURIComponent(id)}`);
      process.stdout.write(`removed ${id}\n`);
    })
    .exitOverride());

  fault.addCommand(withAdminFlags(new Command('clear'))
    .description('Remove every fault rule (or those of one service), healing partitions too.')
    .addOption(new Option('--service <service>', 'only this service').choices(['dynamodb', 'lambda', 'replication']))
    .action(async (flags: AdminFlags & { service?: string }) => {
      const answer = (await admin(flags, 'DELETE', flags.service ? `?service=${flags.service}` : '')) as { removed: number };
      process.stdout.write(`removed ${answer.removed} fault${answer.removed === 1 ? '' : 's'}\n`);
    })
    .exitOverride());

  fault.addCommand(withAdminFlags(new Command('partition'))
    .description('Cut this PoP off from its peers (all, or --peer): no replication frames either way until healed or --duration ends.')
    .option('--peer <name...>', 'only these peers')
    .option('--duration <time>', 'heal by itself after this long (10s, 1m)')
    .action(async (flags: AdminFlags & { peer?: string[]; duration?: string }) => {
      const rule = await admin(flags, 'POST', '', { service: 'replication', partition: true, ...networkScope(flags) });
      process.stdout.write(`added ${describeRule(rule as RuleView)}\n`);
    })
    .exitOverride());

  fault.addCommand(withAdminFlags(new Command('delay'))
    .description("Delay every replication frame this PoP sends to its peers (all, or --peer), one way.")
    .requiredOption('--latency <time>', 'the added delay (300ms, 1s)')
    .option('--peer <name...>', 'only these peers')
    .option('--duration <time>', 'remove after this long')
    .action(async (flags: AdminFlags & { latency: string; peer?: string[]; duration?: string }) => {
      const rule = await admin(flags, 'POST', '', { service: 'replication', latencyMs: parseTime(flags.latency, '--latency', 'ms'), ...networkScope(flags) });
      process.stdout.write(`added ${describeRule(rule as RuleView)}\n`);
    })
    .exitOverride());

  fault.addCommand(withAdminFlags(new Command('heal'))
    .description("Remove this PoP's partitions and delays (its replication fault rules); the replicas then catch up.")
    .action(async (flags: AdminFlags) => {
      const answer = (await admin(flags, 'DELETE', '?service=replication')) as { removed: number };
      process.stdout.write(`healed (${answer.removed} network fault${answer.removed === 1 ? '' : 's'} removed)\n`);
    })
    .exitOverride());

  return fault;
}

function withAdminFlags(command: Command): Command {
  return command
    .option('--endpoint <url>', 'the node', 'http://127.0.0.1:4566')
    .option('--admin-token <token>', 'the admin token of a node with a credentials file (default: $KUHIRO_ADMIN_TOKEN)')
    .option('--account <id>', 'the 12-digit account the rule acts on (node with a credentials file)');
}

interface AddFlags {
  table?: string;
  function?: string;
  service?: 'dynamodb' | 'lambda';
  operation?: string[];
  error?: string;
  reason?: string;
  latency?: string;
  count?: string;
  duration?: string;
  probability?: string;
  json?: boolean;
}

function ruleFromFlags(flags: AddFlags): Record<string, unknown> {
  if (flags.table && flags.function) throw new UsageError('give --table or --function, not both');
  const service = flags.table ? 'dynamodb' : flags.function ? 'lambda' : (flags.service ?? serviceOfError(flags.error));
  if (flags.service && flags.service !== service) throw new UsageError(`--service ${flags.service} does not fit --${flags.table ? 'table' : 'function'}`);
  if (!flags.error && !flags.latency) throw new UsageError('a fault needs --error, --latency, or both');
  const target = flags.table ?? flags.function;
  return {
    service,
    ...(target ? { target } : {}),
    ...(flags.operation ? { operations: flags.operation } : {}),
    ...(flags.error ? { error: flags.error } : {}),
    ...(flags.reason ? { reason: flags.reason } : {}),
    ...(flags.latency ? { latencyMs: parseTime(flags.latency, '--latency', 'ms') } : {}),
    ...(flags.count ? { count: parseCount(flags.count) } : {}),
    ...(flags.duration ? { durationMs: parseTime(flags.duration, '--duration') } : {}),
    ...(flags.probability ? { probability: parseProbability(flags.probability) } : {}),
  };
}

function serviceOfError(error: string | undefined): 'dynamodb' | 'lambda' {
  if (error && (LAMBDA_FAULT_ERROR_NAMES as readonly string[]).includes(error)) return 'lambda';
  if (error && (DYNAMODB_FAULT_ERROR_NAMES as readonly string[]).includes(error)) return 'dynamodb';
  throw new UsageError('say which service: --table NAME, --function NAME or --service dynamodb|lambda');
}

function networkScope(flags: { peer?: string[]; duration?: string }): Record<string, unknown> {
  return { ...(flags.peer ? { peers: flags.peer } : {}), ...(flags.duration ? { durationMs: parseTime(flags.duration, '--duration') } : {}) };
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `200ms`, `1.5s`, `2m`, `1h` -> milliseconds; a bare number only where a unit is implied. */
export function parseTime(text: string, flag: string, bareUnit?: 'ms'): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match || (match[2] === undefined && bareUnit === undefined)) {
    throw new UsageError(`${flag} ${text}: give a time with a unit, like 500ms, 10s or 2m`);
  }
  return Math.round(Number(match[1]) * UNITS[match[2] ?? bareUnit!]!);
}

function parseCount(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new UsageError(`--count ${text}: give a whole number of requests, 1 or more`);
  return Number(text);
}

function parseProbability(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1) throw new UsageError(`--probability ${text}: give a number from 0 to 1`);
  return value;
}

/** One line per rule: `fault-ab12 dynamodb Orders [PutItem] ProvisionedThroughputExceededException, 2 left, hits 1`. */
function describeRule(rule: RuleView): string {
  const what: string[] = [];
  if (rule.partition) what.push(`partition from ${rule.peers ? rule.peers.join(', ') : 'all peers'}`);
  else if (rule.service === 'replication') what.push(`delay to ${rule.peers ? rule.peers.join(', ') : 'all peers'}`);
  if (rule.error) what.push(rule.reason ? `${rule.error} (${rule.reason})` : rule.error);
  if (rule.latencyMs !== undefined) what.push(`+${rule.latencyMs}ms`);
  const limits: string[] = [];
  if (rule.probability !== undefined) limits.push(`p=${rule.probability}`);
  if (rule.remaining !== undefined) limits.push(`${rule.remaining} left`);
  if (rule.expiresAt !== undefined) limits.push(`until ${new Date(rule.expiresAt).toISOString()}`);
  limits.push(`hits ${rule.hits}`);
  const scope = rule.service === 'replication' ? '' : ` ${rule.target ?? '*'}${rule.operations ? ` [${rule.operations.join(',')}]` : ''}`;
  return `${rule.id} ${rule.service}${scope} ${what.join(' ')}, ${limits.join(', ')}`;
}

/** One call to `/_kuhiro/faults`; the node's refusals become this command's errors. */
async function admin(flags: AdminFlags, method: string, suffix: string, body?: unknown): Promise<unknown> {
  const endpoint = flags.endpoint.replace(/\/+$/, '');
  const headers: Record<string, string> = {};
  const token = flags.adminToken ?? process.env.KUHIRO_ADMIN_TOKEN;
  if (token) headers.authorization = `Bearer ${token}`;
  if (flags.account) headers['x-kuhiro-account'] = flags.account;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`${endpoint}/_kuhiro/faults${suffix}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (err) {
    throw new Error(`no node answers at ${endpoint} (${(err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message})`);
  }
  const text = await response.text();
  let answer: { message?: string } & Record<string, unknown> = {};
  try {
    answer = text === '' ? {} : (JSON.parse(text) as typeof answer);
  } catch {
    // Not the fault API (an old node, or something else on the port): report the status below.
  }
  if (response.status === 400) throw new UsageError(answer.message ?? `the node refused the rule (HTTP 400)`);
  if (!response.ok) {
    const hint = response.status === 404 && answer.message?.startsWith('No admin API') ? ' (this node has no fault API: is it an older kuhiro?)' : '';
    throw new Error(`${answer.message ?? `HTTP ${response.status} from ${endpoint}`}${hint}`);
  }
  return answer;
}
