import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NodeStore } from '@kuhiro/crdt-store';
import { parseNetworkConfig, startReplicator, type NetworkConfig, type Replicator } from '@kuhiro/replication';
import { ConfigError } from '../config.js';
import type { Logger } from '../log/logger.js';
import { CatalogLedger } from './catalogLedger.js';
import { FunctionLedger } from './functionLedger.js';
import { asFunctionReplicationPort, FunctionReplication } from './functionReplication.js';
import { NetworkedStore } from './networkedStore.js';
import { replayOwnJournalTail } from './replayOwnTail.js';

export interface NetworkMembership {
  network: NetworkConfig;
  store: NetworkedStore;
  replicator: Replicator;
  /** Hands the node's Lambda service to function replication (call once it exists; undefined: none). */
  attachLambda(service: unknown): void;
  /** The JSON of `GET /_kuhiro/network`. */
  describe(): Record<string, unknown>;
  close(): Promise<void>;
}

export async function loadNetworkConfig(file: string): Promise<NetworkConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read network config ${file}: ${(error as Error).message}`);
  }
  try {
    return parseNetworkConfig(JSON.parse(text));
  } catch (error) {
    throw new ConfigError(`${file}: ${(error as Error).message}`);
  }
}

/**
 * Makes a node a PoP of the network in `networkFile`: the replicator (journal under
 * `<dataDir>/replication`) and the store wrapper that publishes local commits and applies
 * remote ones. The caller mounts `replicator.handleUpgrade` on its HTTP server.
 */
export async function joinNetwork(options: {
  networkFile: string;
  nodeName: string;
  dataDir: string;
  store: unknown;
  log: Logger;
  /** The node's fsync policy; the journal follows it ('none' -> the journal never fsyncs either). */
  fsync?: 'always' | 'batch' | 'none';
  /** Journal retention (node config `replicationJournal`); the replicator's defaults otherwise. */
  journal?: { retainBytes?: number | undefined; segmentBytes?: number | undefined };
}): Promise<NetworkMembership> {
  const network = await loadNetworkConfig(options.networkFile);
  if (!network.pops.some((pop) => pop.name === options.nodeName)) {
    throw new ConfigError(`node name "${options.nodeName}" is not a PoP of ${options.networkFile} (PoPs: ${network.pops.map((pop) => pop.name).join(', ')})`);
  }
  if (!(options.store instanceof NodeStore)) throw new ConfigError('joining a network needs the CRDT node store');
  const inner = options.store;
  const log = options.log;
  const functions = new FunctionReplication({
    nodeName: options.nodeName,
    ledger: new FunctionLedger(join(options.dataDir, 'network')),
    codeDir: join(options.dataDir, 'network', 'code'),
    log: (level, message, fields) => log[level](message, { component: 'network', ...fields }),
  });
  const store = new NetworkedStore(inner, {
    nodeName: options.nodeName,
    ledger: new CatalogLedger(join(options.dataDir, 'network')),
    log: (message, fields) => log.info(message, { component: 'network', ...fields }),
    functions,
  });
  const logger = {
    info: (message: string, fields?: Record<string, unknown>) => log.info(message, { component: 'replication', ...fields }),
    warn: (message: string, fields?: Record<string, unknown>) => log.warn(message, { component: 'replication', ...fields }),
    error: (message: string, fields?: Record<string, unknown>) => log.error(message, { component: 'replication', ...fields }),
  };
  const journalDir = join(options.dataDir, 'replication');
  const replayed = await replayOwnJournalTail({ journalDir, self: options.nodeName, apply: (records) => store.applyRecords(records, { own: true }), logger });
  if (replayed > 0) log.info('own journal tail re-applied to the store', { component: 'network', records: replayed });
  const replicator = await startReplicator({
    dataDir: journalDir,
    network,
    self: options.nodeName,
    host: store.host(),
    logger,
    // 'batch' also fsyncs every journal append: appends during a sync share the next one.
    journal: {
      fsync: options.fsync === 'none' ? 'never' : 'always',
      ...(options.journal?.retainBytes !== undefined ? { retainBytes: options.journal.retainBytes } : {}),
      ...(options.journal?.segmentBytes !== undefined ? { segmentBytes: options.journal.segmentBytes } : {}),
    },
  });
  store.connect(replicator);
  functions.connect(replicator);
  return {
    network,
    store,
    replicator,
    attachLambda: (service) => functions.attach(asFunctionReplicationPort(service)),
    describe: () => {
      const tables: Record<string, string[]> = {};
      for (const table of inner.listAllTables()) (tables[table.tenant] ??= []).push(table.name);
      return {
        networkId: network.networkId,
        pops: network.pops.map(({ name, url, role, group }) => ({ name, url, role, ...(group !== undefined ? { group } : {}) })),
        tables,
        functions: functions.functionsByTenant(),
        ...replicator.stats(),
      };
    },
    close: async () => {
      await functions.close();
      await store.close();
      await replicator.close();
    },
  };
}
