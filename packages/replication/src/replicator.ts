import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { NetworkConfig, PopConfig } from './config/networkConfig.js';
import { parseScope } from './config/scopes.js';
import { Journal, type JournalOptions } from './journal/journal.js';
import { CoalesceCache } from './outbox/coalesce.js';
import type { RecordsMessage, StateMessage } from './protocol/messages.js';
import { DEFAULT_BACKOFF, type BackoffOptions } from './peer/backoff.js';
import { Connection } from './peer/connection.js';
import { Dialer, REPLICATION_PATH, shouldDial } from './peer/dialer.js';
import { acceptHandshake, type HandshakeContext } from './peer/handshake.js';
import { LinkFaults } from './peer/linkFaults.js';
import { PeerLink, type LinkOptions } from './peer/peerLink.js';
import type { PeerStats } from './peer/peerStats.js';
import type { RecordEntry, ReplicationHost, ReplicationLogger, ReplicationRecord, VersionVector } from './types.js';
import { vectorGet, vectorMerge, vectorToJSON } from './vector/versionVector.js';

export interface ReplicatorOptions {
  /** Directory for the journal (created if missing). */
  dataDir: string;
  network: NetworkConfig;
  /** This node's name in network.pops. */
  self: string;
  host: ReplicationHost;
  /** Coalescing window per peer after a quiet spell (default 5 ms). */
  batchWindowMs?: number;
  /** The most the window grows to while frames follow each other: a write spike (default 250 ms). */
  maxBatchWindowMs?: number;
  /** Upper bound of records read into one RECORDS frame (default 1 MiB before merging). */
  maxFrameBytes?: number;
  /** Bytes sent to a peer and not yet acknowledged before sending pauses (default 8 MiB). */
  maxInFlightBytes?: number;
  /** Vector reports and relay decisions (default 500 ms). */
  relayTickMs?: number;
  pingIntervalMs?: number;
  handshakeTimeoutMs?: number;
  backoff?: BackoffOptions;
  journal?: Omit<JournalOptions, 'dir' | 'clock' | 'logger'>;
  logger?: ReplicationLogger;
  clock?: () => number;
  random?: () => number;
}

export interface ReplicationStats {
  node: string;
  role: 'edge' | 'central';
  vector: Record<string, number>;
  journal: { segments: number; bytes: number; cachedBytes: number };
  peers: PeerStats[];
}

export interface Replicator {
  readonly nodeName: string;
  /** Injected partitions and delays on this node's links (fault injection); empty by default. */
  readonly faults: LinkFaults;
  /**
   * Commits one local record (one transaction's item updates, applied as one unit by
   * every receiver) and resolves once it is durable in the journal; only then is it sent.
   */
  publish(entries: RecordEntry[]): Promise<{ origin: string; seq: number }>;
  /** Mounts the replication endpoint on an HTTP server's upgrade event. */
  attach(server: Server): void;
  /** For hosts that route upgrades themselves: true if the request was for replication. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  vector(): Record<string, number>;
  stats(): ReplicationStats;
  close(): Promise<void>;
}

const SILENT_LOGGER: ReplicationLogger = { info() {}, warn() {}, error() {} };
// A coalesced 10,000-write spike is ~120 KB; frames are bounded well below this.
const MAX_PAYLOAD_BYTES = 64 * 1024 * 1024;

export async function startReplicator(options: ReplicatorOptions): Promise<Replicator> {
  const self = options.network.pops.find((pop) => pop.name === options.self);
  if (!self) throw new Error(`replication: node "${options.self}" is not in the network config`);
  const logger = options.logger ?? SILENT_LOGGER;
  const clock = options.clock ?? Date.now;
  const journal = await Journal.open({ ...options.journal, dir: options.dataDir, clock, logger });
  return new ReplicatorNode(options, self, journal, logger, clock);
}

class ReplicatorNode implements Replicator {
  readonly nodeName: string;
  readonly faults = new LinkFaults();
  private readonly links = new Map<string, PeerLink>();
  private readonly dialers: Dialer[] = [];
  private readonly server = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD_BYTES });
  private readonly handshake: HandshakeContext;
  private readonly accepted = new Set<Connection>();
  private readonly snapshots: VersionVector[] = [];
  private readonly tickTimer: NodeJS.Timeout;
  private receiveQueue: Promise<unknown> = Promise.resolve();
  /** Highest seq per origin applied to the host; ahead of the journal while a frame is being synced. */
  private readonly applied: VersionVector = new Map();
  /**
   * Received records are journaled in apply order, each once the host's log holds it. A failed
   * sync breaks the chain for good (as the store's log refuses every append after a failed one),
   * so the journal never records a frame beyond one it lacks.
   */
  private journalChain: Promise<unknown> = Promise.resolve();
  private ownDurable: number;
  private closed = false;

  constructor(
    private readonly options: ReplicatorOptions,
    private readonly self: PopConfig,
    private readonly journal: Journal,
    private readonly logger: ReplicationLogger,
    private readonly clock: () => number,
  ) {
    this.nodeName = self.name;
    this.ownDurable = vectorGet(journal.vector, self.name);
    this.handshake = {
      network: options.network, self, timeoutMs: options.handshakeTimeoutMs ?? 5000,
      admits: (peer) => !this.faults.isPartitioned(peer),
    };
    const linkOptions: LinkOptions = {
      batchWindowMs: options.batchWindowMs ?? 5,
      maxBatchWindowMs: options.maxBatchWindowMs ?? 250,
      maxFrameBytes: options.maxFrameBytes ?? 1024 * 1024,
      maxInFlightBytes: options.maxInFlightBytes ?? 8 * 1024 * 1024,
      pingIntervalMs: options.pingIntervalMs ?? 1000,
    };
    const environment = {
      self,
      journal,
      coalesceCache: new CoalesceCache(),
      options: linkOptions,
      logger,
      clock,
      ownDurableSeq: () => this.ownDurable,
      skipOwnSeqsTo: (seq: number, peer: string) => this.skipOwnSeqsTo(seq, peer),
      receiveRecords: (link: PeerLink, message: RecordsMessage) => this.receiveRecords(link, message),
      receiveState: (link: PeerLink, message: StateMessage) => this.receiveState(link, message),
      faults: this.faults,
      ...(options.host.exportState ? { exportState: options.host.exportState.bind(options.host) } : {}),
    };
    for (const pop of options.network.pops) {
      if (pop.name === self.name) continue;
      const link = new PeerLink(pop, environment);
      this.links.set(pop.name, link);
      if (shouldDial(self, pop)) {
        const dialer = new Dialer({
          peer: pop,
          handshake: this.handshake,
          backoff: options.backoff ?? DEFAULT_BACKOFF,
          maxPayload: MAX_PAYLOAD_BYTES,
          clock,
          random: options.random ?? Math.random,
          logger,
          onConnected: (connection) => link.attach(connection),
          faults: this.faults,
        });
        this.dialers.push(dialer);
        dialer.start();
      }
    }
    this.tickTimer = setInterval(() => this.tick(), options.relayTickMs ?? 500);
    this.tickTimer.unref();
  }

  async publish(entries: RecordEntry[]): Promise<{ origin: string; seq: number }> {
    if (this.closed) throw new Error('replicator is closed');
    if (entries.length === 0) throw new Error('publish needs at least one entry');
    for (const entry of entries) parseScope(entry.scope);
    const seq = vectorGet(this.journal.vector, this.self.name) + 1;
    await this.journal.append({ origin: this.self.name, fromSeq: seq, toSeq: seq, entries });
    // Appends resolve in order, so every own seq up to this one is durable too.
    if (seq > this.ownDurable) this.ownDurable = seq;
    for (const link of this.links.values()) link.notify();
    return { origin: this.self.name, seq };
  }

  attach(server: Server): void {
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      this.handleUpgrade(request, socket, head);
    });
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const path = (request.url ?? '').split('?')[0];
    if (path !== REPLICATION_PATH) return false;
    if (this.closed) {
      socket.destroy();
      return true;
    }
    this.server.handleUpgrade(request, socket, head, (socket) => this.accept(socket, request.socket.remoteAddress));
    return true;
  }

  /** What this node has applied (readable here), journaled or about to be once its sync completes. */
  vector(): Record<string, number> {
    const vector = new Map(this.journal.vector);
    vectorMerge(vector, this.applied);
    return vectorToJSON(vector);
  }

  stats(): ReplicationStats {
    return {
      node: this.self.name,
      role: this.self.role,
      vector: this.vector(),
      journal: this.journal.stats(),
      peers: [...this.links.values()].map((link) => link.stats()),
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.tickTimer);
    for (const dialer of this.dialers) dialer.stop();
    for (const link of this.links.values()) link.close();
    for (const connection of this.accepted) connection.terminate();
    this.server.close();
    await this.receiveQueue.catch(() => undefined);
    await this.journalChain.catch(() => undefined);
    await this.journal.close();
  }

  private accept(socket: import('ws').WebSocket, remoteAddress: string | undefined): void {
    const connection = new Connection(socket, this.clock, (error) =>
      this.logger.warn('malformed replication frame; closing', { remoteAddress, error: error.message }),
    );
    this.accepted.add(connection);
    connection.onClose(() => this.accepted.delete(connection));
    acceptHandshake(connection, this.handshake).then(
      (peer) => {
        this.accepted.delete(connection);
        if (this.closed) return connection.terminate();
        this.links.get(peer.name)!.attach(connection);
      },
      (error: Error) => {
        this.logger.warn('replication peer refused', { remoteAddress, reason: error.message });
        connection.close(1008, 'refused');
      },
    );
  }

  private tick(): void {
    this.snapshots.push(new Map(this.journal.vector));
    if (this.snapshots.length > 3) this.snapshots.shift();
    const relayBase = this.snapshots.length === 3 ? this.snapshots[0] : undefined;
    for (const link of this.links.values()) link.tick(relayBase);
  }

  /**
   * Peers hold records of this node that its journal does not (its data dir was lost or
   * restored from an old backup). Reusing those seqs would make every peer drop the new
   * records as duplicates, so continue numbering after them.
   */
  private skipOwnSeqsTo(seq: number, peer: string): void {
    const local = vectorGet(this.journal.vector, this.self.name);
    if (seq <= local) return;
    this.logger.error('a peer holds records of this node beyond its journal (data lost here?); continuing after them', { peer, peerSeq: seq, localSeq: local });
    void this.journal.advance(new Map([[this.self.name, seq]])).catch((error: Error) =>
      this.logger.error('writing the journal checkpoint failed', { error: error.message }),
    );
    if (seq > this.ownDurable) this.ownDurable = seq;
  }

  /**
   * Serialized across links: records of one origin are applied strictly in seq order, once. A
   * frame is applied as soon as the one before is applied (not synced), then journaled once the
   * host's log holds it: the journal never claims what the store could lose in a crash.
   */
  private receiveRecords(link: PeerLink, message: RecordsMessage): Promise<{ gapOrigins: string[] }> {
    const step = this.receiveQueue.then(async () => {
      const working: VersionVector = new Map();
      const accepted: ReplicationRecord[] = [];
      const gapOrigins = new Set<string>();
      let duplicates = 0;
      for (const record of message.records) {
        if (gapOrigins.has(record.origin)) continue;
        const have = working.get(record.origin) ?? Math.max(vectorGet(this.journal.vector, record.origin), vectorGet(this.applied, record.origin));
        if (record.toSeq <= have) {
          duplicates += record.toSeq - record.fromSeq + 1;
        } else if (record.fromSeq > have + 1) {
          gapOrigins.add(record.origin);
        } else {
          // An overlapping range re-applies a few updates: harmless, Yjs updates are idempotent.
          accepted.push(record.fromSeq > have ? record : { ...record, fromSeq: have + 1 });
          working.set(record.origin, record.toSeq);
        }
      }
      let journaled: Promise<unknown> = Promise.resolve();
      if (accepted.length > 0) {
        const { applied, durable } = this.applyStaged(accepted);
        durable.catch(() => undefined); // awaited through the journal chain
        await applied;
        vectorMerge(this.applied, working);
        journaled = this.journalChain = this.journalChain
          .then(() => durable)
          .then(() => Promise.all(accepted.map((record) => this.journalReceived(record))));
      }
      let appliedSeqs = 0;
      for (const record of accepted) appliedSeqs += record.toSeq - record.fromSeq + 1;
      link.recordReceived(appliedSeqs, duplicates, gapOrigins.size);
      if (gapOrigins.size > 0) this.logger.info('replication gap; asking peer to resend', { peer: link.peer.name, origins: [...gapOrigins] });
      return { durable: journaled, gapOrigins: [...gapOrigins] };
    });
    this.receiveQueue = step.catch(() => undefined);
    return step.then(async ({ durable, gapOrigins }) => {
      await durable;
      return { gapOrigins };
    });
  }

  private applyStaged(records: ReplicationRecord[]): { applied: Promise<void>; durable: Promise<void> } {
    const host = this.options.host;
    if (host.applyRecordsStaged) return host.applyRecordsStaged(records);
    const done = Promise.resolve(host.applyRecords(records));
    return { applied: done, durable: done };
  }

  /** A state transfer may have made the journal cover (part of) a record applied before it. */
  private journalReceived(record: ReplicationRecord): Promise<void> {
    const have = vectorGet(this.journal.vector, record.origin);
    if (record.toSeq <= have) return Promise.resolve();
    return this.journal.append(record.fromSeq > have ? record : { ...record, fromSeq: have + 1 });
  }

  private receiveState(link: PeerLink, message: StateMessage): Promise<void> {
    const step = this.receiveQueue.then(async () => {
      const host = this.options.host;
      if (host.importState) await host.importState(message.entries);
      else await host.applyRecords([{ origin: link.peer.name, fromSeq: 0, toSeq: 0, entries: message.entries }]);
      await this.journal.advance(message.vector);
      if (vectorGet(this.journal.vector, this.self.name) > this.ownDurable) this.ownDurable = vectorGet(this.journal.vector, this.self.name);
      // A transfer is several frames; only its last one carries the vector it completes.
      if (message.vector.size > 0) this.logger.info('state transfer applied', { peer: link.peer.name, vector: vectorToJSON(message.vector) });
    });
    this.receiveQueue = step.catch(() => undefined);
    return step;
  }
}
