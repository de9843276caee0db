import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Store } from '@kuhiro/crdt-store';
import { DynamoDbApi } from '@kuhiro/dynamodb-api';
import { createAuthenticator } from './auth/authenticator.js';
import { parseNodeConfig, type NodeConfigInput } from './config.js';
import { loadCredentialsFile } from './credentials/credentialsFile.js';
import { accountTenants, developmentTenants, type Tenants } from './credentials/tenants.js';
import { createLogger, type Logger } from './log/logger.js';
import type { NodeInfo } from './server/adminRouter.js';
import { createExpressApp } from './server/expressApp.js';
import { createRequestListener } from './server/requestListener.js';
import type { LambdaService } from './server/services.js';
import { defaultServices, type ServiceFactories } from './wiring/defaultServices.js';
import { openStreams } from './wiring/streamsWiring.js';
import { joinNetwork, type NetworkMembership } from './network/joinNetwork.js';
import { createSpotInterceptor, type SpotInterceptor } from './spot/spotInterceptor.js';
import { FaultRegistry } from './faults/faultRegistry.js';

export interface RunningNode {
  /** `http://HOST:PORT`, what an SDK's `endpoint` should be. */
  url: string;
  port: number;
  /** Stops accepting requests, lets in-flight ones finish, stops Lambda workers, flushes the store. */
  close(): Promise<void>;
  /** Deletes every TTL-expired item now, as of the node's clock; resolves with how many (tests that advance `clock`). */
  sweepExpiredItems?(): Promise<number>;
  /** Injected faults (the same rules `/_kuhiro/faults` manages): AWS errors, latency, partitions. */
  faults: FaultRegistry;
}

export interface StartNodeOptions {
  /** Defaults to a JSON-lines logger on stderr at the config's level. */
  log?: Logger;
  /** The clock SigV4 checks skew against. */
  now?: () => Date;
  /** Milliseconds since the epoch for the data and functions (TTL expiry, Lambda's clock); tests advance it. SigV4 keeps `now`. */
  clock?: () => number;
  /** Replace single subsystems (tests). */
  services?: Partial<ServiceFactories>;
}

/** In-flight requests get this long to finish on close before their connections are cut. */
const CLOSE_GRACE_MS = 5000;

function urlHost(host: string): string {
  // A wildcard listen address is not something a client can dial; loopback is.
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

/** Starts one node: store, DynamoDB API, Lambda service, one HTTP port. */
export async function startNode(input: NodeConfigInput, options: StartNodeOptions = {}): Promise<RunningNode> {
  const config = parseNodeConfig(input);
  const log = options.log ?? createLogger({ level: config.logLevel });
  const services: ServiceFactories = { ...defaultServices, ...options.services };
  const tenants: Tenants = config.credentialsFile
    ? accountTenants(await loadCredentialsFile(config.credentialsFile))
    : developmentTenants();
  const authenticator = createAuthenticator({ region: config.region, tenants, ...(options.now ? { now: options.now } : {}) });

  await mkdir(config.dataDir, { recursive: true });
  const cleanups: Array<() => Promise<void>> = [];
  const closeAll = async () => {
    // Several parts keep no handle referenced while idle (the Lambda spawner helper, worker
    // sockets), so the event loop may empty while a cleanup still awaits one of their replies;
    // Node would then exit mid-close and skip the store's closing snapshot. Hold it open.
    const keepAlive = setInterval(() => undefined, 60_000);
    try {
      for (const cleanup of cleanups.reverse()) {
        try {
          await cleanup();
        } catch (err) {
          log.error('error while stopping the node', { error: err });
        }
      }
    } finally {
      clearInterval(keepAlive);
    }
  };

  try {
    const store: Store = await services.openStore({
      dataDir: join(config.dataDir, 'dynamodb'),
      nodeName: config.nodeName,
      fsync: config.fsync,
      log: (line) => log.info(line, { component: 'crdt-store' }),
    });
    cleanups.push(() => store.close());
    // On a network the API sees the store through the replicating wrapper (src/network/).
    const membership: NetworkMembership | undefined = config.networkFile
      ? await joinNetwork({ networkFile: config.networkFile, nodeName: config.nodeName, dataDir: config.dataDir, store, log, fsync: config.fsync, ...(config.replicationJournal ? { journal: config.replicationJournal } : {}) })
      : undefined;
    const api = services.createDynamoDbApi(membership?.store ?? store, { region: config.region, log, ...(options.clock ? { now: options.clock } : {}) });
    if (api instanceof DynamoDbApi) { api.start(); cleanups.push(() => api.close()); } // the TTL sweeper
    // DynamoDB Streams (issue 9): records every change the store commits; closed after Lambda's triggers.
    // SPOT tables and bounded counters (issue 6): writes that cannot merge go to central.
    const spot = membership ? await openSpot(membership, config.nodeName, config.dataDir, api, log) : undefined;
    const streams = openStreams(store, { dataDir: join(config.dataDir, 'streams'), region: config.region, log });
    if (streams) cleanups.push(async () => streams.service.close());

    let url = '';
    const lambda: LambdaService | undefined = await services.createLambdaService({
      dataDir: join(config.dataDir, 'lambda'),
      region: config.region,
      endpointUrl: () => url,
      credentialsForTenant: (tenant) => tenants.credentialsForTenant(tenant),
      authenticate: async (req, body) => {
        const principal = authenticator.authenticate(req, body, 'lambda');
        return { tenant: principal.tenant, accountId: principal.accountId };
      },
      log,
      ...(options.clock ? { now: options.clock } : {}),
      ...(streams ? { streamSource: streams.service } : {}),
      ...(config.inspectFunctions.length ? { inspector: { functionNames: config.inspectFunctions, port: config.inspectPort } } : {}),
      tuning: { spareMemorySizesMb: config.lambdaSpareMemoryMb },
    });
    if (lambda) cleanups.push(() => lambda.close());
    else log.warn('Lambda API not available in this build; serving DynamoDB only');
    // Functions replicate across the network (src/network/functionReplication.ts).
    membership?.attachLambda(lambda);

    const info: NodeInfo = {
      nodeName: config.nodeName,
      region: config.region,
      mode: tenants.mode,
      startedAt: new Date(),
      ...(membership ? { network: membership.describe } : {}),
    };
    const faults = new FaultRegistry(
      membership
        ? { network: { links: membership.replicator.faults, peers: membership.network.pops.map((pop) => pop.name).filter((name) => name !== config.nodeName) } }
        : {},
    );
    cleanups.push(async () => faults.close());
    const app = createExpressApp({ info, authenticator, log, lambda, status: { api, lambda, log }, faults });
    const server = createServer(
      createRequestListener({
        dynamoDb: {
          api,
          authenticator,
          region: config.region,
          log,
          ...(streams ? { streams: streams.api } : {}),
          ...(spot ? { interceptWrite: spot.interceptWrite } : {}),
          faults,
        },
        app,
        info,
        log,
        ...(spot ? { spot } : {}),
        ...(lambda?.invoke ? { lambdaInvoke: { invoke: lambda.invoke.bind(lambda), authenticator, region: config.region, log, faults } } : {}),
      }),
    );
    // SDK clients keep connections alive for a while; outlive their idle timeout so a reused
    // socket is not closed under a request (Node's 5 s default causes ECONNRESET on reuse).
    server.keepAliveTimeout = 65_000;
    if (membership) {
      server.on('upgrade', (request, socket, head) => {
        if (!membership.replicator.handleUpgrade(request, socket, head)) socket.destroy();
      });
    }
    await listen(server, config.port, config.host);
    cleanups.push(async () => {
      const stopped = stopServer(server);
      // Replication links are upgraded sockets the HTTP server would wait on: close them too.
      if (membership) await membership.close();
      await stopped;
    });
    // Runs before the server stops (cleanups run in reverse): a PoP hands unused escrow back to
    // central while its links are still up.
    if (spot) cleanups.push(() => spot.close());
    const port = (server.address() as AddressInfo).port;
    url = `http://${urlHost(config.host)}:${port}`;
    log.info('node started', { node: config.nodeName, url, region: config.region, mode: tenants.mode, dataDir: config.dataDir });

    let closing: Promise<void> | undefined;
    return {
      url,
      port,
      faults,
      sweepExpiredItems: () => (api instanceof DynamoDbApi ? api.sweepExpired() : Promise.resolve(0)),
      close: () => (closing ??= closeAll().then(() => log.info('node stopped', { node: config.nodeName }))),
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}

async function openSpot(membership: NetworkMembership, nodeName: string, dataDir: string, api: SpotLocalApi, log: Logger): Promise<SpotInterceptor> {
  const self = membership.network.pops.find((pop) => pop.name === nodeName)!;
  const central = membership.network.pops.find((pop) => pop.role === 'central');
  return createSpotInterceptor({
    role: self.role,
    centralUrl: central?.url ?? '',
    networkSecret: membership.network.secret,
    nodeName,
    localApi: api,
    store: membership.store,
    replicatorVector: () => membership.replicator.vector(),
    log,
    dataDir,
  });
}

type SpotLocalApi = Parameters<typeof createSpotInterceptor>[0]['localApi'];

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function stopServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
    force.unref();
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}
