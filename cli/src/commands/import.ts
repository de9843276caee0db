import { access } from 'node:fs/promises';
import { Command } from 'commander';
import { UsageError } from '../usageError.js';
import { stderrLine } from '../app/commandOptions.js';
import { DEFAULT_EDGE_ENDPOINT } from '../app/target.js';

/** `kuhiro import TABLE FILE`: DynamoDB JSON lines into an existing table. */
export function importCommand(): Command {
  return new Command('import')
    .description('Put the items of a DynamoDB JSON lines file (as written by kuhiro export or DynamoDB export to S3; .gz too) into an existing table.')
    .argument('<table>', 'table name (the table must exist)')
    .argument('<file>', 'a .json / .jsonl file, or .gz')
    .option('--endpoint <url>', 'the node (or any DynamoDB endpoint)', DEFAULT_EDGE_ENDPOINT)
    .option('--region <region>', 'region (default: AWS_REGION, then us-east-1)')
    .addHelpText(
      'after',
      `
Example:
  $ kuhiro import hello-app-GreetingsTable greetings.jsonl --endpoint http://127.0.0.1:4567

Items with the same key as an existing item replace it (PutItem semantics).`,
    )
    .action(async (table: string, file: string, flags: { endpoint: string; region?: string }) => {
      // Loaded when the command runs: every `kuhiro` start would pay for it otherwise.
      const { edgeClients } = await import('../app/edgeClientFlags.js');
      const { importTable } = await import('../app/exportImport.js');
      const { stderrProgress } = await import('../app/progressBar.js');
      await access(file).catch(() => {
        throw new UsageError(`cannot read ${file}`);
      });
      const clients = edgeClients(flags);
      try {
        const count = await importTable(clients.dynamodb, table, clients.target.endpoint!, file, stderrProgress());
        stderrLine(`imported ${count} items into ${table}`);
      } finally {
        clients.destroy();
      }
    });
}
