import { Command, InvalidArgumentError, Option } from 'commander';
import { FSYNC_POLICIES, LOG_LEVELS, parseNodeConfig, type NodeConfig } from '@kuhiro/edge-node/config';
// Types only: the node itself is imported when the command runs (startup cost of every other command).
import type { Logger, RunningNode } from '@kuhiro/edge-node';
import { UsageError } from '../usageError.js';

/** Scripts and tests wait for exactly this line on stdout; keep it stable. */
export function readyLine(url: string): string {
  return `kuhiro node ready at ${url}`;
}

function portNumber(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65535) throw new InvalidArgumentError('must be a port number from 0 to 65535.');
  return Number(value);
}

/** `--lambda-spares 128,512` or `none`; the range checks (Lambda's 128-10240 MB) are the config's. */
export function memorySizeList(value: string): number[] {
  if (value.trim() === 'none') return [];
  const sizes = value.split(',').map((part) => part.trim());
  if (sizes.some((size) => !/^\d+$/.test(size))) throw new InvalidArgumentError('must be memory sizes in MB separated by commas (e.g. 128,512), or "none".');
  return sizes.map(Number);
}

interface NodeFlags {
  port: number;
  host: string;
  data: string;
  region: string;
  credentials?: string;
  name: string;
  fsync: string;
  logLevel: string;
  network?: string;
  inspectFunction?: string[];
  inspectPort?: number;
  lambdaSpares?: number[];
}

export function nodeConfigFromFlags(flags: NodeFlags): NodeConfig {
  try {
    return parseNodeConfig({
      port: flags.port,
      host: flags.host,
      dataDir: flags.data,
      region: flags.region,
      ...(flags.credentials !== undefined ? { credentialsFile: flags.credentials } : {}),
      nodeName: flags.name,
      fsync: flags.fsync,
      logLevel: flags.logLevel,
      ...(flags.network !== undefined ? { networkFile: flags.network } : {}),
      ...(flags.inspectFunction ? { inspectFunctions: flags.inspectFunction } : {}),
      ...(flags.inspectPort !== undefined ? { inspectPort: flags.inspectPort } : {}),
      ...(flags.lambdaSpares !== undefined ? { lambdaSpareMemoryMb: flags.lambdaSpares } : {}),
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** `kuhiro node`: run one edge node in the foreground until SIGINT/SIGTERM. */
export function nodeCommand(): Command {
  return new Command('node')
    .description('Run one edge node: the DynamoDB and Lambda APIs on one port.')
    .option('--port <port>', 'TCP port to listen on (0 picks a free one)', portNumber, 4566)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--data <dir>', 'data directory (tables, items, functions)', '.kuhiro/node')
    .option('--region <region>', 'the AWS region this node serves', 'us-east-1')
    .option('--credentials <file>', 'accounts and access keys (JSON); without it any key works and all keys share one namespace')
    .option('--name <name>', 'node name, shown in logs and /_kuhiro/health; with --network, this PoP\'s name in the network config', 'node')
    .option('--network <file>', 'join the edge network described in this kuhiro.network.json (replication at /_kuhiro/replication)')
    .addOption(new Option('--fsync <policy>', 'when writes reach the disk').choices(FSYNC_POLICIES).default('batch'))
    .addOption(new Option('--log-level <level>', 'log verbosity (logs go to stderr)').choices(LOG_LEVELS).default('info'))
    .option('--inspect-function <name>', "debug this function: its workers listen for a Node inspector client, one at a time, timeout lifted (repeatable; on Node 20 without the permission sandbox)", (value: string, previous: string[] = []) => [...previous, value])
    .option('--lambda-spares <sizes>', 'memory sizes (MB, comma-separated) that keep a pre-started worker for fast first invokes; "none" keeps none', memorySizeList)
    .option('--inspect-port <port>', 'inspector port of the first --inspect-function; the next ones take the following ports', portNumber)
    .addHelpText(
      'after',
      `
Example:
  $ kuhiro node --port 4566 --data .kuhiro/node1
  $ aws dynamodb list-tables --endpoint-url http://127.0.0.1:4566

When the node is ready it prints one line to stdout:
  kuhiro node ready at http://127.0.0.1:4566
Ctrl-C (SIGINT) or SIGTERM stops it cleanly.`,
    )
    .action(async (flags: NodeFlags) => {
      const config = nodeConfigFromFlags(flags);
      const { createLogger, startNode } = await import('@kuhiro/edge-node');
      const log = createLogger({ level: config.logLevel });
      keepRunningOnStrayRejections(log);
      const node = await startNode(config, { log });
      // Handlers before the ready line: whoever waits for that line may signal us at once.
      stopOnSignals(node);
      process.stdout.write(readyLine(node.url) + '\n');
    });
}

function stopOnSignals(node: RunningNode): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second Ctrl-C means "now": skip the graceful close.
      process.stderr.write(`kuhiro node: ${signal} again, exiting without a clean stop\n`);
      process.exit(130);
    }
    stopping = true;
    node.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`kuhiro node: error while stopping: ${(err as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/**
 * A promise rejected outside any request (a timer in a worker pool, say) would end the process
 * under Node's default; a node serving many tenants logs it and keeps serving instead.
 */
function keepRunningOnStrayRejections(log: Logger): void {
  process.on('unhandledRejection', (reason) => {
    log.error('unhandled promise rejection', { error: reason });
  });
}
