import { createServer, connect, type Server, type Socket } from 'node:net';

export interface TcpProxyOptions {
  /** Where connections are forwarded. */
  targetPort: number;
  targetHost?: string;
  /** Added to every chunk, each direction (default 0). */
  delayMs?: number;
  /** Uniform extra delay 0..jitterMs per chunk; order within a connection is kept, as TCP does. */
  jitterMs?: number;
  random?: () => number;
}

export interface TcpProxy {
  /** Port the proxy listens on (127.0.0.1). */
  readonly port: number;
  readonly url: string;
  setLatency(delayMs: number, jitterMs?: number): void;
  /**
   * 'reset': existing connections are closed and new ones refused at once.
   * 'blackhole': bytes are swallowed and connections hang, as behind a dead router.
   */
  partition(mode?: 'reset' | 'blackhole'): void;
  heal(): void;
  /** Resets every open connection (a flapping link) without partitioning. */
  dropConnections(): void;
  readonly connectionCount: number;
  close(): Promise<void>;
}

/** A user-space TCP proxy for network fault tests on loopback (no kernel netem needed). */
export async function startTcpProxy(options: TcpProxyOptions): Promise<TcpProxy> {
  const random = options.random ?? Math.random;
  let delayMs = options.delayMs ?? 0;
  let jitterMs = options.jitterMs ?? 0;
  let mode: 'open' | 'reset' | 'blackhole' = 'open';
  const pairs = new Set<[Socket, Socket]>();

  const pipe = (from: Socket, to: Socket): void => {
    let lastDelivery = 0;
    from.on('data', (chunk: Buffer) => {
      if (mode === 'blackhole') return;
      const wait = delayMs + jitterMs * random();
      if (wait <= 0 && lastDelivery <= Date.now()) {
        if (!to.destroyed) to.write(chunk);
        return;
      }
      const deliverAt = Math.max(Date.now() + wait, lastDelivery);
      lastDelivery = deliverAt;
      setTimeout(() => {
        if (!to.destroyed && mode !== 'blackhole') to.write(chunk);
      }, deliverAt - Date.now());
    });
  };

  const server: Server = createServer((client) => {
    if (mode !== 'open') {
      if (mode === 'reset') client.resetAndDestroy();
      else pairs.add([client, client]);
      return;
    }
    const upstream = connect(options.targetPort, options.targetHost ?? '127.0.0.1');
    // Forward each chunk when its delay is up, as a router would: with Nagle on, a chunk written
    // while the previous one is unacknowledged waits for the receiver's delayed ACK (~40 ms on
    // Linux), which added 40 ms to a frame following one the receiver does not answer.
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const teardown = (): void => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', teardown).on('close', teardown);
    upstream.on('error', teardown).on('close', teardown);
    pipe(client, upstream);
    pipe(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');
  const port = address.port;

  const resetAll = (): void => {
    for (const [a, b] of pairs) {
      a.resetAndDestroy();
      if (b !== a) b.resetAndDestroy();
    }
    pairs.clear();
  };

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    setLatency(delay, jitter = 0) {
      delayMs = delay;
      jitterMs = jitter;
    },
    partition(newMode = 'reset') {
      mode = newMode;
      if (newMode === 'reset') resetAll();
    },
    heal() {
      // Connections that hung in a blackhole are dead for their peers: reset them.
      if (mode === 'blackhole') resetAll();
      mode = 'open';
    },
    dropConnections: resetAll,
    get connectionCount() {
      return pairs.size;
    },
    async close() {
      resetAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
