/**
 * A PoP as its own process, for the network tests: `node popMain.js '<node config JSON>'`.
 * Prints `pop ready at URL` once listening; SIGTERM stops it cleanly (kill -9 does not).
 */
import { startNode } from '../../../src/startNode.js';
import { createLogger } from '../../../src/log/logger.js';

const config = JSON.parse(process.argv[2] ?? '{}') as Record<string, unknown>;
const node = await startNode(config as never, { log: createLogger({ level: 'warn' }) });
process.stdout.write(`pop ready at ${node.url}\n`);
process.on('SIGTERM', () => {
  node.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
