import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Express } from 'express';
import { NodeStore } from '@kuhiro/crdt-store';
import { DynamoDbApi } from '@kuhiro/dynamodb-api';
import { parseNetworkConfig, startReplicator, startTcpProxy, type Replicator, type TcpProxy } from '@kuhiro/replication';
import { createLogger } from '../../../src/log/logger.js';
import { createRequestListener } from '../../../src/server/requestListener.js';
import { createSpotInterceptor, type SpotInterceptor, type SpotInterceptorOptions } from '../../../src/spot/spotInterceptor.js';
import { makeTempDir } from '../../helpers/tempDir.js';

export const SECRET = 'test-network-secret-0123456789';
const REGION = 'us-east-1';

export interface TestPop {
  name: string;
  url: string;
  store: NodeStore;
  replicator: Replicator;
  spot: SpotInterceptor;
  /** One DynamoDB call (unsigned: the harness's authenticator accepts anyone as tenant `dev`). */
  call(operation: string, body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>;
}

export interface SpotNetwork {
  central: TestPop;
  edges: TestPop[];
  /** Cuts every link of one edge (replication and SPOT calls) / restores them. */
  isolate(name: string): void;
  heal(name: string): void;
  close(): Promise<void>;
}

export interface SpotNetworkOptions {
  edges: string[];
  /** Edges whose links all run through TCP proxies so that they can be isolated. */
  isolatable?: string[];
  escrow?: SpotInterceptorOptions['escrow'];
  waitTimeoutMs?: number;
}

const silentLog = createLogger({ level: 'error', write: () => {} });
const notFound = ((_req: unknown, res: { statusCode: number; end(): void }) => {
  res.statusCode = 404;
  res.end();
}) as unknown as Express;

/**
 * A central and N edges in this process, wired as the node will be: store commits published
 * to a replicator, remote records applied to the store, the SPOT interceptor in the hot path
 * and its endpoint mounted. Item keys travel as JSON here (the wiring uses the store's own).
 */
export async function startSpotNetwork(options: SpotNetworkOptions): Promise<SpotNetwork> {
  const dir = await makeTempDir('kuhiro-spot-');
  const names = ['central', ...options.edges];
  const servers = new Map<string, Server>();
  for (const name of names) {
    const server = createServer();
    server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.set(name, server);
  }
  const urlOf = (name: string) => `http://127.0.0.1:${(servers.get(name)!.address() as AddressInfo).port}`;

  // Isolatable edges: one proxy in front of them (for others' links) and one per link they dial out on.
  const proxies = new Map<string, TcpProxy[]>();
  const inbound = new Map<string, TcpProxy>();
  for (const name of options.isolatable ?? []) {
    const proxy = await startTcpProxy({ targetPort: (servers.get(name)!.address() as AddressInfo).port });
    inbound.set(name, proxy);
    proxies.set(name, [proxy]);
  }
  const viewUrls = new Map<string, Map<string, string>>();
  for (const self of names) {
    const view = new Map<string, string>();
    for (const other of names) {
      if (other === self) continue;
      if (proxies.has(self)) {
        const proxy = await startTcpProxy({ targetPort: (servers.get(other)!.address() as AddressInfo).port });
        proxies.get(self)!.push(proxy);
        view.set(other, proxy.url.replace(/\/$/, ''));
      } else view.set(other, inbound.get(other)?.url.replace(/\/$/, '') ?? urlOf(other));
    }
    viewUrls.set(self, view);
  }

  const pops: TestPop[] = [];
  for (const name of names) {
    const view = viewUrls.get(name)!;
    const network = parseNetworkConfig({
      networkId: 'spot-test',
      secret: SECRET,
      pops: names.map((pop) => ({ name: pop, url: pop === name ? urlOf(name) : view.get(pop)!, role: pop === 'central' ? 'central' : 'edge' })),
    });
    const store = await NodeStore.open({ dataDir: join(dir.path, name, 'store'), nodeName: name, fsync: 'none', log: () => {} });
    const api = new DynamoDbApi(store, { region: REGION });
    const replicator = await startReplicator({
      dataDir: join(dir.path, name, 'journal'),
      network,
      self: name,
      journal: { fsync: 'never' },
      relayTickMs: 100,
      pingIntervalMs: 200,
      backoff: { initialMs: 20, maxMs: 200 },
      host: {
        applyRecords(records) {
          for (const record of records) {
            store.applyRemote(
              record.entries.map((entry) => ({ tenant: entry.tenant, tableName: entry.table, key: JSON.parse(entry.key), update: entry.update })),
            );
          }
        },
      },
    });
    store.onCommit((write) => {
      if (write.origin !== 'local') return;
      const entries = write.items.map((item) => ({ tenant: item.tenant, table: item.tableName, key: JSON.stringify(item.key), scope: 'all' as const, update: item.update }));
      replicator.publish(entries).catch(() => undefined);
    });
    const spot = await createSpotInterceptor({
      role: name === 'central' ? 'central' : 'edge',
      centralUrl: view.get('central') ?? urlOf('central'),
      networkSecret: SECRET,
      nodeName: name,
      localApi: api,
      store,
      replicatorVector: () => replicator.vector(),
      log: silentLog,
      dataDir: join(dir.path, name),
      ...(options.escrow ? { escrow: options.escrow } : {}),
      ...(options.waitTimeoutMs !== undefined ? { waitTimeoutMs: options.waitTimeoutMs } : {}),
    });
    const server = servers.get(name)!;
    const listener = createRequestListener({
      dynamoDb: {
        api,
        authenticator: { authenticate: () => ({ tenant: 'dev', accountId: '000000000000', accessKeyId: 'dev', secretAccessKey: undefined }) },
        region: REGION,
        log: silentLog,
        interceptWrite: spot.interceptWrite,
      },
      app: notFound,
      info: { nodeName: name, region: REGION, mode: 'development', startedAt: new Date() },
      log: silentLog,
    });
    server.on('request', (req, res) => {
      if (!spot.handleHttp(req, res)) listener(req, res);
    });
    replicator.attach(server);
    const url = urlOf(name);
    pops.push({
      name,
      url,
      store,
      replicator,
      spot,
      async call(operation, body, headers = {}) {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `DynamoDB_20120810.${operation}`, ...headers },
          body: JSON.stringify(body),
        });
        return { status: response.status, body: await response.json(), headers: response.headers };
      },
    });
  }

  return {
    central: pops[0]!,
    edges: pops.slice(1),
    isolate: (name) => proxies.get(name)?.forEach((proxy) => proxy.partition('reset')),
    heal: (name) => proxies.get(name)?.forEach((proxy) => proxy.heal()),
    async close() {
      for (const pop of pops) await pop.spot.close().catch(() => undefined);
      for (const pop of pops) await pop.replicator.close();
      for (const list of proxies.values()) for (const proxy of list) await proxy.close();
      for (const server of servers.values()) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
      for (const pop of pops) await pop.store.close();
      await dir.remove();
    },
  };
}

/** Creates the same table on every node (table metadata does not replicate yet). */
export async function createTableEverywhere(net: SpotNetwork, table: string, tags: Array<{ Key: string; Value: string }>): Promise<void> {
  for (const pop of [net.central, ...net.edges]) {
    const response = await pop.call('CreateTable', {
      TableName: table,
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      Tags: tags,
    });
    if (response.status !== 200) throw new Error(`CreateTable at ${pop.name}: ${JSON.stringify(response.body)}`);
  }
}

/**
 * Resolves once every node's vector equals central's for every origin (all caught up). The
 * deadline is generous: after a heal the link reconnects with back-off, and a loaded CI
 * machine can add seconds to that.
 */
export async function settle(net: SpotNetwork, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const pops = [net.central, ...net.edges];
  while (Date.now() < deadline) {
    const vectors = pops.map((pop) => pop.replicator.vector());
    const origins = new Set(vectors.flatMap((vector) => Object.keys(vector)));
    const own = (name: string) => pops.find((pop) => pop.name === name)!.replicator.vector()[name] ?? 0;
    if ([...origins].every((origin) => vectors.every((vector) => (vector[origin] ?? 0) >= own(origin)))) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('replication did not settle');
}
