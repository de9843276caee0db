import { Command } from 'commander';
import { stderrLine } from '../app/commandOptions.js';
import { DEFAULT_EDGE_ENDPOINT } from '../app/target.js';

/** `kuhiro export TABLE`: a table as DynamoDB JSON lines (the format of DynamoDB's export to S3). */
export function exportCommand(): Command {
  return new Command('export')
    .description("Write a table's items as DynamoDB JSON lines, one {\"Item\":{...}} per line (the format of DynamoDB's export to S3).")
    .argument('<table>', 'table name')
    .option('--endpoint <url>', 'the node (or any DynamoDB endpoint)', DEFAULT_EDGE_ENDPOINT)
    .option('--region <region>', 'region (default: AWS_REGION, then us-east-1)')
    .option('--out <file>', 'output file (default: stdout)')
    .addHelpText(
      'after',
      `
Examples:
  $ kuhiro export hello-app-GreetingsTable --out greetings.jsonl
  $ kuhiro export hello-app-GreetingsTable --endpoint http://127.0.0.1:4567 | gzip > greetings.json.gz`,
    )
    .action(async (table: string, flags: { endpoint: string; region?: string; out?: string }) => {
      // Loaded when the command runs: every `kuhiro` start would pay for it otherwise.
      const { edgeClients } = await import('../app/edgeClientFlags.js');
      const { exportTable } = await import('../app/exportImport.js');
      const { stderrProgress } = await import('../app/progressBar.js');
      const clients = edgeClients(flags);
      try {
        const count = await exportTable(clients.dynamodb, table, clients.target.endpoint!, flags.out, stderrProgress());
        stderrLine(`exported ${count} items of ${table}${flags.out ? ` to ${flags.out}` : ''}`);
      } finally {
        clients.destroy();
      }
    });
}
