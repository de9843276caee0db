// `npm start`: the whole demo in one command. Starts a local edge network (`kuhiro up`, or one
// `kuhiro node` where `up` is not built), deploys the demo shop to every node with
// `kuhiro deploy`, seeds the catalogue, serves the shop's web page once per PoP, and prints
// where everything is. Ctrl-C stops everything it started.
//
//   node scripts/dist/start.js [--data .kuhiro/start] [--web-port 8080] [--node-port 4566]
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from './src/start/repoPaths.js';
import { startShop, type RunningShop } from './src/start/startShop.js';

/** Tests and scripts wait for this line; keep it stable. */
export const START_READY_LINE = 'Fjord & Trail is ready.';

const { values: flags } = parseArgs({
  options: {
    data: { type: 'string', default: join(REPO_ROOT, '.kuhiro/start') },
    'web-port': { type: 'string', default: '8080' },
    'node-port': { type: 'string', default: '4566' },
  },
});

const say = (line: string): void => void process.stdout.write(`${line}\n`);
const progress = (line: string): void => say(`[start] ${line}`);

let shop: RunningShop | undefined;
let stopping = false;

async function stopEverything(exitCode: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    progress('stopping ...');
    await shop?.stop();
    progress('stopped.');
  }
  process.exit(exitCode);
}

// Ctrl-C in a terminal reaches the children too; they stop on it, and we wait for them.
process.on('SIGINT', () => void stopEverything(0));
process.on('SIGTERM', () => void stopEverything(0));

async function main(): Promise<void> {
  const dataDir = flags.data;
  shop = await startShop({
    dataDir,
    webPort: Number(flags['web-port']),
    nodePort: Number(flags['node-port']),
    progress,
    onNetworkLog: (line) => say(`  ${line}`),
  });
  const running = shop;
  running.network.child.child.once('exit', (code, signal) => {
    if (stopping) return;
    process.stderr.write(`[start] the network process ended (${signal ?? code}); stopping.\n${running.network.child.stderrTail()}\n`);
    void stopEverything(1);
  });
  const rows: [string, string][] = [
    ...running.edges.map((edge): [string, string] => [`shop at ${edge.name}`, edge.shopUrl]),
    ['all PoPs', `${running.web.url}/`],
    ['status page', running.network.statusUrl],
    ['admin secret', `${running.secrets.adminSecret}  (in ${join(dataDir, 'shop-secrets.json')})`],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  say('');
  say(START_READY_LINE);
  for (const [label, value] of rows) say(`  ${label.padEnd(width)}  ${value}`);
  say('Press Ctrl-C to stop everything started here.');
}

main().catch((error: unknown) => {
  process.stderr.write(`[start] failed: ${error instanceof Error ? error.message : String(error)}\n`);
  void stopEverything(1);
});
