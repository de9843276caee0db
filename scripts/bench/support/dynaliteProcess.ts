import { createRequire } from 'node:module';
import { startScriptServer, type ScriptServer } from './scriptServer.js';

export type DynaliteProcess = ScriptServer;

/**
 * dynalite in its own process (in-memory store, tables ACTIVE at once), so it does not share an
 * event loop with the load client, exactly like the node under test.
 */
export function startDynaliteProcess(): Promise<DynaliteProcess> {
  const dynaliteMain = createRequire(import.meta.url).resolve('dynalite');
  const program = `
    const dynalite = require(${JSON.stringify(dynaliteMain)});
    const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    server.listen(0, '127.0.0.1', () => console.log('dynalite ready at http://127.0.0.1:' + server.address().port));
  `;
  return startScriptServer('dynalite', program, 15_000);
}
