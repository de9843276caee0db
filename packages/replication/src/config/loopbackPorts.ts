import { createServer } from 'node:net';

/**
 * Free loopback ports for networks whose config must name every PoP's URL before any of them
 * listens (tests, `npm start`, benches): a node given port 0 could not be written into the
 * config the others read. Another process may still take a port before the node binds it; the
 * node's start then fails loudly rather than silently.
 */

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A loopback port the OS says is free right now (listen on 0, read it, close). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The first of `count` consecutive free loopback ports (`kuhiro up` puts central on --port and the edges on the next ones). */
export async function freePortBlock(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    let allFree = true;
    for (let port = base; port < base + count && allFree; port++) allFree = await portIsFree(port);
    if (allFree) return base;
  }
  throw new Error(`found no ${count} consecutive free loopback ports`);
}
