import { createServer, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startReplicator, type NetworkConfig, type PopConfig, type ReplicationLogger, type Replicator, type ReplicatorOptions, type Scope,
} from '../../src/index.js';
import { FakeStore } from './fakeStore.js';
import type * as Y from 'yjs';

export const SECRET = 'test-secret-0123456789abcdef';

export class CapturingLogger implements ReplicationLogger {
  readonly lines: Array<{ level: string; message: string; fields?: Record<string, unknown> }> = [];
  info(message: string, fields?: Record<string, unknown>): void { this.lines.push({ level: 'info', message, ...(fields ? { fields } : {}) }); }
  warn(message: string, fields?: Record<string, unknown>): void { this.lines.push({ level: 'warn', message, ...(fields ? { fields } : {}) }); }
  error(message: string, fields?: Record<string, unknown>): void { this.lines.push({ level: 'error', message, ...(fields ? { fields } : {}) }); }
  has(pattern: RegExp): boolean {
    return this.lines.some((line) => pattern.test(`${line.message} ${JSON.stringify(line.fields ?? {})}`));
  }
}

export interface TestNode {
  name: string;
  server: Server;
  port: number;
  dataDir: string;
  store: FakeStore;
  logger: CapturingLogger;
  replicator: Replicator | undefined;
}

export interface NodeSpec { name: string; role: 'edge' | 'central'; group?: string }

/** N nodes, each with its own HTTP server on a free loopback port, data dir and fake store. */
export class TestNetwork {
  readonly nodes = new Map<string, TestNode>();
  network!: NetworkConfig;
  private root!: string;

  static async create(specs: NodeSpec[]): Promise<TestNetwork> {
    const net = new TestNetwork();
    net.root = await mkdtemp(join(tmpdir(), 'kuhiro-repl-'));
    const pops: PopConfig[] = [];
    for (const spec of specs) {
      const server = createServer((_request, response) => response.writeHead(404).end());
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const port = (server.address() as { port: number }).port;
      const node: TestNode = {
        name: spec.name, server, port, dataDir: join(net.root, spec.name), store: new FakeStore(spec.name),
        logger: new CapturingLogger(), replicator: undefined,
      };
      net.nodes.set(spec.name, node);
      pops.push({ name: spec.name, url: `http://127.0.0.1:${port}`, role: spec.role, ...(spec.group ? { group: spec.group } : {}) });
    }
    net.network = { networkId: 'test-net', secret: SECRET, pops };
    return net;
  }

  node(name: string): TestNode {
    const node = this.nodes.get(name);
    if (!node) throw new Error(`no node ${name}`);
    return node;
  }

  async start(name: string, overrides: Partial<ReplicatorOptions> = {}): Promise<Replicator> {
    const node = this.node(name);
    if (node.replicator) throw new Error(`${name} already running`);
    const replicator = await startReplicator({
      dataDir: node.dataDir, network: this.network, self: name, host: node.store, logger: node.logger,
      relayTickMs: 100, backoff: { initialMs: 20, maxMs: 200 }, journal: { fsync: 'never' },
      ...overrides,
    });
    // Only one listener per server: replace whatever a previous run attached.
    node.server.removeAllListeners('upgrade');
    replicator.attach(node.server);
    node.replicator = replicator;
    return replicator;
  }

  async startAll(overrides: Partial<ReplicatorOptions> = {}): Promise<void> {
    for (const name of this.nodes.keys()) await this.start(name, overrides);
  }

  async stop(name: string): Promise<void> {
    const node = this.node(name);
    await node.replicator?.close();
    node.replicator = undefined;
  }

  /** A local write at `name`, published like the store would. */
  write(name: string, table: string, key: string, scope: Scope, change: (item: Y.Map<unknown>) => void): Promise<{ seq: number }> {
    const node = this.node(name);
    const entry = node.store.write(table, key, scope, change);
    if (!node.replicator) throw new Error(`${name} is not running`);
    return node.replicator.publish([entry]);
  }

  async close(): Promise<void> {
    for (const node of this.nodes.values()) {
      await node.replicator?.close();
      node.replicator = undefined;
      node.server.closeAllConnections();
      await new Promise<void>((resolve) => node.server.close(() => resolve()));
    }
    await rm(this.root, { recursive: true, force: true });
  }
}

export async function waitFor(condition: () => boolean, timeoutMs = 10000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Seeded PRNG (mulberry32) so a failing run can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
