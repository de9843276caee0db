import { createServer } from 'node:net';

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A loopback port the OS says is free now (for programs that cannot listen on 0 and report it). */
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
 * A run of `count` consecutive free loopback ports: `kuhiro up` puts central on its --port and
 * the edges on the next ones, and takes no port 0. Another process may still take one before
 * the network binds it; the caller's start then fails loudly rather than silently.
 */
export async function freePortBlock(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    let allFree = true;
    for (let port = base; port < base + count && allFree; port++) allFree = await isFree(port);
    if (allFree) return base;
  }
  throw new Error(`found no ${count} consecutive free ports`);
}
