import { Command, CommanderError } from 'commander';
import { nodeCommand } from './commands/node.js';
import { deployCommand } from './commands/deploy.js';
import { switchCommand } from './commands/switch.js';
import { exportCommand } from './commands/export.js';
import { importCommand } from './commands/import.js';
import { logsCommand } from './commands/logs.js';
import { upCommand } from './commands/up.js';
import { downCommand } from './commands/down.js';
import { statusCommand } from './commands/status.js';
import { invokeCommand } from './commands/invoke.js';
import { faultCommand } from './commands/fault.js';
import { devCommand } from './commands/dev.js';
import { EXIT_CODES, UsageError } from './usageError.js';
// The light entry point: the full node package loads only for `kuhiro node` (see commands/node.ts).
import { KUHIRO_VERSION } from '@kuhiro/edge-node/config';

/** The `kuhiro` command tree. One command per file in `commands/`. */
export function buildProgram(): Command {
  const program = new Command('kuhiro')
    .description('Stateful serverless at the edge: the DynamoDB and Lambda APIs on CRDT edge nodes.')
    .version(KUHIRO_VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  program.addCommand(nodeCommand().exitOverride());
  program.addCommand(deployCommand().exitOverride());
  program.addCommand(switchCommand().exitOverride());
  program.addCommand(exportCommand().exitOverride());
  program.addCommand(importCommand().exitOverride());
  program.addCommand(logsCommand().exitOverride());
  program.addCommand(upCommand().exitOverride());
  program.addCommand(downCommand().exitOverride());
  program.addCommand(statusCommand().exitOverride());
  program.addCommand(invokeCommand().exitOverride());
  program.addCommand(faultCommand().exitOverride());
  program.addCommand(devCommand().exitOverride());
  return program;
}

/**
 * Runs the CLI and returns the exit code for a finished command, or undefined when a command
 * keeps running (a node in the foreground exits from its signal handler).
 */
export async function runCli(argv: string[]): Promise<number | undefined> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return undefined;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander already printed the message (or the help / version text).
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
      return EXIT_CODES.usage;
    }
    // A node's ConfigError is matched by name: importing its class would load the whole node.
    if (err instanceof UsageError || (err instanceof Error && err.name === 'ConfigError')) {
      process.stderr.write(`kuhiro: ${err.message}\n`);
      return EXIT_CODES.usage;
    }
    process.stderr.write(`kuhiro: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT_CODES.failure;
  }
}
