import { startScriptServer, type ScriptServer } from './scriptServer.js';

export type InstantServer = ScriptServer;

/**
 * An HTTP server (own process) that answers every request at once with `{}`: running the load
 * client against it gives the client's own ceiling on this machine, printed next to the results so
 * a reader can tell whether a target or the client was the limit.
 */
export function startInstantServer(): Promise<InstantServer> {
  const program = `
    const server = require('node:http').createServer((req, res) => {
      req.resume();
      req.on('end', () => res.end('{}'));
    });
    server.listen(0, '127.0.0.1', () => console.log('instant ready at http://127.0.0.1:' + server.address().port));
  `;
  return startScriptServer('instant', program, 10_000);
}
