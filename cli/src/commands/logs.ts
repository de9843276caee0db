import { Command, InvalidArgumentError } from 'commander';
import { stdoutLine } from '../app/commandOptions.js';
import { sleep } from '../app/planItem.js';
import { DEFAULT_EDGE_ENDPOINT, resolveTarget } from '../app/target.js';

function positiveInteger(value: string): number {
  if (!/^[1-9]\d*$/.test(value)) throw new InvalidArgumentError('must be a positive whole number.');
  return Number(value);
}

interface LogsFlags {
  endpoint: string;
  region?: string;
  follow?: boolean;
  limit: number;
  interval: number;
}

/** `kuhiro logs FUNCTION`: a function's recent log lines from a node (console output, START/END/REPORT). */
export function logsCommand(): Command {
  return new Command('logs')
    .description("Print a function's recent log lines from a node (its console output and START/END/REPORT lines).")
    .argument('<function>', 'function name')
    .option('--endpoint <url>', 'the node', DEFAULT_EDGE_ENDPOINT)
    .option('--region <region>', 'region (default: AWS_REGION, then us-east-1)')
    .option('--limit <n>', 'how many recent lines to print first', positiveInteger, 100)
    .option('-f, --follow', 'keep printing new lines until Ctrl-C')
    .option('--interval <ms>', 'how often --follow asks the node', positiveInteger, 1000)
    .addHelpText(
      'after',
      `
Examples:
  $ kuhiro logs hello-app-HelloFunction
  $ kuhiro logs hello-app-HelloFunction --follow --endpoint http://127.0.0.1:4567

A node keeps a bounded number of recent lines per function in memory; older lines are gone.`,
    )
    .action(async (functionName: string, flags: LogsFlags) => {
      // Loaded when the command runs: every `kuhiro` start would pay for it otherwise.
      const { fetchFunctionLogs, formatLogLine } = await import('../app/functionLogsClient.js');
      const target = resolveTarget('edge', { endpoint: flags.endpoint, ...(flags.region ? { region: flags.region } : {}) });
      let lines = await fetchFunctionLogs(target, functionName, { limit: flags.limit });
      let since = 0;
      for (;;) {
        for (const line of lines) stdoutLine(formatLogLine(line));
        since = lines.at(-1)?.timestamp ?? since;
        if (!flags.follow) return;
        await sleep(flags.interval);
        lines = await fetchFunctionLogs(target, functionName, since ? { sinceMs: since } : {});
      }
    });
}
