import { createServer, type Server } from 'node:net';

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

/**
 * `count` distinct free loopback ports. Every probe socket stays open until all are chosen: asking
 * one at a time (listen on 0, close, ask again) may hand back the port just closed, and two PoPs
 * would then be configured on one port.
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve());
      });
    }
    return servers.map((server) => (server.address() as { port: number }).port);
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  }
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
