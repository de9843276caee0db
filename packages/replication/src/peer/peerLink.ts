import type { PopConfig } from '../config/networkConfig.js';
import { canRelayTo, scopeReaches } from '../config/scopes.js';
import type { Journal } from '../journal/journal.js';
import { MessageKind, type Message, type RecordsMessage, type StateMessage } from '../protocol/messages.js';
import type { CoalesceCache } from '../outbox/coalesce.js';
import { AdaptiveWindow } from '../outbox/adaptiveWindow.js';
import { stateChunks } from '../stateTransfer/stateChunks.js';
import type { RecordEntry, ReplicationLogger, ReplicationRecord, StateFilter, StateSource, VersionVector } from '../types.js';
import { vectorGet, vectorMerge, vectorToJSON } from '../vector/versionVector.js';
import type { Connection } from './connection.js';
import type { LinkFaults } from './linkFaults.js';
import type { PeerStats } from './peerStats.js';

/**
 * Ticks a (re)connected peer gets to catch up from the origins themselves before this
 * node forwards their records (5 x relayTickMs: 2.5 s by default, 0.5 s in tests).
 */
const RELAY_AFTER_READY_TICKS = 5;

/**
 * While frames merge many updates per item (a hot-item spike), the window may grow to this
 * multiple of `maxBatchWindowMs` (1 s by default): see AdaptiveWindow.
 */
const HOT_WINDOW_FACTOR = 4;

export interface LinkOptions {
  batchWindowMs: number;
  /** The window grows up to this while frames follow each other (see AdaptiveWindow). */
  maxBatchWindowMs: number;
  maxFrameBytes: number;
  maxInFlightBytes: number;
  pingIntervalMs: number;
}

/** What a link needs from its replicator. */
export interface LinkEnvironment {
  self: PopConfig;
  journal: Journal;
  coalesceCache: CoalesceCache;
  options: LinkOptions;
  logger: ReplicationLogger;
  clock: () => number;
  /** Highest own seq that is durable (never send an own record a crash could take back). */
  ownDurableSeq(): number;
  /** A peer holds own seqs beyond this node's journal (this node lost data): never reuse them. */
  skipOwnSeqsTo(seq: number, peer: string): void;
  /** Applies and journals a RECORDS frame; resolves (after the journal is durable) with what to answer. */
  receiveRecords(link: PeerLink, message: RecordsMessage): Promise<{ gapOrigins: string[] }>;
  receiveState(link: PeerLink, message: StateMessage): Promise<void>;
  /** Injected partitions and delays (fault injection); absent = none. */
  faults?: LinkFaults;
  exportState?: (filter: StateFilter) => StateSource;
}


/**
 * Everything this node knows about one peer, across connections: what it has
 * confirmed, what was sent on the current connection, what to relay to it; and its
 * outbox, which pulls records from the journal, coalesces them per batch window and
 * sends them flow-controlled by ACKs.
 */
export class PeerLink {
  private connection: Connection | undefined;
  /** Reported by the peer (VECTOR at connect, then every ACK). */
  readonly peerVector: VersionVector = new Map();
  /** Highest seq per origin sent on this connection. */
  private readonly sent: VersionVector = new Map();
  /** Third-party origins to forward, up to these seqs (set by the relay tick). */
  private readonly relayTargets: VersionVector = new Map();
  private readonly inFlight = new Map<number, { bytes: number; sentAt: number }>();
  private inFlightBytes = 0;
  private nextFrameId = 1;
  private ready = false;
  /** Cancels the pending send (a timer, or an immediate for a frame that goes in this turn of the event loop). */
  private pumpTimer: (() => void) | undefined;
  private readonly window: AdaptiveWindow;
  private pumping = false;
  private notifiedWhilePumping: 'records' | 'flow' | false = false;
  private pingTimer: NodeJS.Timeout | undefined;
  private ackChain: Promise<void> = Promise.resolve();
  private lastReported = '';
  private readonly stuckOrigins = new Set<string>();
  /** A state transfer waiting for ACKs to make room in the in-flight window (or for the connection to go). */
  private wakeStateSender: (() => void) | undefined;
  private readonly counters = {
    connects: 0, framesSent: 0, bytesSent: 0, recordsFramesSent: 0, seqsSent: 0, framesReceived: 0,
    bytesReceived: 0, seqsApplied: 0, seqsDuplicate: 0, gaps: 0, stateTransfersSent: 0, stateTransfersReceived: 0,
  };
  private rttMs: number | null = null;
  private silentPings = 0;
  private ticksReady = 0;
  private bytesReceivedAtLastPing = -1;

  constructor(readonly peer: PopConfig, private readonly env: LinkEnvironment) {
    const maxWindowMs = Math.max(env.options.batchWindowMs, env.options.maxBatchWindowMs);
    this.window = new AdaptiveWindow(env.options.batchWindowMs, maxWindowMs, maxWindowMs * HOT_WINDOW_FACTOR);
    env.faults?.onChange(() => this.enforcePartition());
  }

  get connected(): boolean {
    return this.connection !== undefined && !this.connection.closed;
  }

  /** Takes over an authenticated connection, replacing any previous one. */
  attach(connection: Connection): void {
    const faults = this.env.faults;
    if (faults?.isPartitioned(this.peer.name)) {
      connection.close(1001, 'partitioned by an injected fault');
      return;
    }
    if (faults) connection.outboundDelayMs = () => faults.delayMs(this.peer.name);
    const previous = this.connection;
    this.detach();
    previous?.close(1000, 'replaced by a newer connection');
    this.connection = connection;
    this.counters.connects++;
    connection.onClose(() => {
      if (this.connection === connection) this.detach();
    });
    connection.onMessage((message, byteLength) => this.handle(connection, message, byteLength));
    connection.send({ kind: MessageKind.VECTOR, vector: new Map(this.env.journal.vector) });
    this.silentPings = 0;
    this.bytesReceivedAtLastPing = -1;
    this.pingTimer = setInterval(() => this.ping(connection), this.env.options.pingIntervalMs);
    this.pingTimer.unref();
    this.env.logger.info('replication peer connected', { peer: this.peer.name });
  }

  close(): void {
    const connection = this.connection;
    this.detach();
    connection?.close(1001, 'node shutting down');
  }

  /** An injected partition cuts the live connection; the reconnect after healing catches up. */
  private enforcePartition(): void {
    if (!this.connection || !this.env.faults?.isPartitioned(this.peer.name)) return;
    this.env.logger.warn('replication link cut by an injected partition', { peer: this.peer.name });
    this.connection.terminate();
  }

  /**
   * Something may be ready to send: `records` for new records (local writes, relays), `flow`
   * when the peer's ACK or VECTOR may let held-back records go. Only `records` counts as an
   * arrival for the adaptive window: an ACK coming back while a frame is pending must not
   * make request/response traffic look like a spike.
   */
  notify(reason: 'records' | 'flow' = 'records'): void {
    if (this.pumping) {
      if (reason === 'records' || !this.notifiedWhilePumping) this.notifiedWhilePumping = reason;
      return;
    }
    if (!this.ready) return;
    const now = performance.now();
    if (this.pumpTimer) {
      if (reason === 'records') this.window.arrive(now);
      return;
    }
    if (reason === 'records') this.window.open(now);
    else this.window.openForFlow(now);
    this.armPumpTimer(now);
  }

  /**
   * Sends when the window says (its end, or earlier once nothing new has arrived for a while):
   * a spike waits for its grown window, the write after a spike does not wait it out.
   */
  private armPumpTimer(now: number): void {
    const fire = (): void => {
      this.pumpTimer = undefined;
      const firedAt = performance.now();
      if (firedAt < this.window.sendAt()) {
        this.armPumpTimer(firedAt);
        return;
      }
      this.window.close();
      void this.pump();
    };
    const delay = this.window.sendAt() - now;
    // setImmediate, not setTimeout(0) (which waits >= 1 ms): it still runs after every record
    // that the same journal sync made durable has been notified, so they share the frame.
    if (delay > 0) {
      const timer = setTimeout(fire, delay);
      this.pumpTimer = () => clearTimeout(timer);
    } else {
      const immediate = setImmediate(fire);
      this.pumpTimer = () => clearImmediate(immediate);
    }
  }

  /**
   * Periodic: report our vector (so peers can tell what we already have) and forward
   * third-party records the peer still lacks although we have had them for a while
   * (`relayBase`: our vector two ticks ago). The origin itself sends them directly;
   * forwarding only what stays missing keeps duplicates to partitions and outages.
   */
  tick(relayBase: VersionVector | undefined): void {
    if (!this.ready || !this.connection) return;
    const report = JSON.stringify(vectorToJSON(this.env.journal.vector));
    if (report !== this.lastReported) {
      this.lastReported = report;
      this.connection.send({ kind: MessageKind.ACK, frameId: 0, vector: new Map(this.env.journal.vector) });
    }
    // A peer that just (re)connected is catching up from the origins themselves; give it
    // a few ticks to report its vector before forwarding anything on their behalf.
    this.ticksReady++;
    if (!relayBase || this.ticksReady < RELAY_AFTER_READY_TICKS || !canRelayTo(this.env.self, this.peer)) return;
    let more = false;
    for (const [origin, seq] of relayBase) {
      if (origin === this.env.self.name || origin === this.peer.name) continue;
      if (vectorGet(this.peerVector, origin) < seq && vectorGet(this.relayTargets, origin) < seq) {
        this.relayTargets.set(origin, seq);
        more = true;
      }
    }
    if (more) this.notify();
  }

  stats(): PeerStats {
    const journalVector = this.env.journal.vector;
    let lagRecords = 0;
    let queueDepth = 0;
    for (const origin of this.originsToSend()) {
      const target = this.targetFor(origin);
      const confirmed = vectorGet(this.peerVector, origin);
      lagRecords += Math.max(0, (origin === this.env.self.name ? target : vectorGet(journalVector, origin)) - confirmed);
      queueDepth += Math.max(0, target - Math.max(confirmed, vectorGet(this.sent, origin)));
    }
    let oldest = Infinity;
    for (const frame of this.inFlight.values()) oldest = Math.min(oldest, frame.sentAt);
    const stats: PeerStats = {
      name: this.peer.name,
      role: this.peer.role,
      connected: this.connected,
      rttMs: this.rttMs,
      lagRecords,
      queueDepth,
      oldestUnackedMs: oldest === Infinity ? 0 : this.env.clock() - oldest,
      inFlightBytes: this.inFlightBytes,
      ...this.counters,
      peerVector: vectorToJSON(this.peerVector),
    };
    if (this.peer.group !== undefined) stats.group = this.peer.group;
    return stats;
  }

  private detach(): void {
    this.connection = undefined;
    this.ready = false;
    this.pumpTimer?.();
    this.pumpTimer = undefined;
    clearInterval(this.pingTimer);
    this.pingTimer = undefined;
    this.inFlight.clear();
    this.inFlightBytes = 0;
    this.sent.clear();
    this.relayTargets.clear();
    this.stuckOrigins.clear();
    this.lastReported = '';
    this.wakeStateSender?.();
  }

  private handle(connection: Connection, message: Message, byteLength: number): void {
    if (this.connection !== connection) return;
    this.counters.bytesReceived += byteLength;
    this.counters.framesReceived++;
    switch (message.kind) {
      case MessageKind.VECTOR:
        // The peer's whole state: at connect, or after it saw a gap. Resend from there.
        if (vectorGet(message.vector, this.env.self.name) > vectorGet(this.env.journal.vector, this.env.self.name)) {
          this.env.skipOwnSeqsTo(vectorGet(message.vector, this.env.self.name), this.peer.name);
        }
        this.peerVector.clear();
        vectorMerge(this.peerVector, message.vector);
        this.sent.clear();
        vectorMerge(this.sent, message.vector);
        this.inFlight.clear();
        this.inFlightBytes = 0;
        this.wakeStateSender?.();
        if (!this.ready) this.ticksReady = 0;
        this.ready = true;
        this.notify('flow');
        break;
      case MessageKind.ACK:
        for (const frameId of [...this.inFlight.keys()]) {
          if (frameId > message.frameId) break;
          this.inFlightBytes -= this.inFlight.get(frameId)!.bytes;
          this.inFlight.delete(frameId);
        }
        vectorMerge(this.peerVector, message.vector);
        this.wakeStateSender?.();
        this.notify('flow');
        break;
      case MessageKind.RECORDS:
        this.acknowledge(connection, message.frameId, this.env.receiveRecords(this, message));
        break;
      case MessageKind.STATE:
        // A transfer is several frames; its last one carries the vector it completes.
        if (message.vector.size > 0) this.counters.stateTransfersReceived++;
        this.acknowledge(connection, message.frameId, this.env.receiveState(this, message).then(() => ({ gapOrigins: [] })));
        break;
      case MessageKind.PING:
        connection.send({ kind: MessageKind.PONG, sentAt: message.sentAt });
        break;
      case MessageKind.PONG:
        this.rttMs = Math.max(0, this.env.clock() - message.sentAt);
        break;
      default:
        this.env.logger.warn('unexpected replication message after handshake; closing', { peer: this.peer.name, kind: message.kind });
        connection.terminate();
    }
  }

  /** Counts applied records (called by the replicator). */
  recordReceived(applied: number, duplicates: number, gaps: number): void {
    this.counters.seqsApplied += applied;
    this.counters.seqsDuplicate += duplicates;
    this.counters.gaps += gaps;
  }

  /** ACKs go out in frame order, each after its frame is applied and durable. */
  private acknowledge(connection: Connection, frameId: number, done: Promise<{ gapOrigins: string[] }>): void {
    this.ackChain = this.ackChain.then(async () => {
      try {
        const { gapOrigins } = await done;
        if (this.connection !== connection) return;
        connection.send({ kind: MessageKind.ACK, frameId, vector: new Map(this.env.journal.vector) });
        if (gapOrigins.length > 0) connection.send({ kind: MessageKind.VECTOR, vector: new Map(this.env.journal.vector) });
      } catch (error) {
        this.env.logger.error('applying replicated records failed; reconnecting', { peer: this.peer.name, error: (error as Error).message });
        connection.terminate();
      }
    });
  }

  private ping(connection: Connection): void {
    // Count ticks without traffic instead of comparing clocks: when this process's own
    // event loop was blocked (a large merge), timers fire late but once, so a busy node
    // does not mistake its own stall for a silent peer.
    if (connection.bytesReceived === this.bytesReceivedAtLastPing) this.silentPings++;
    else this.silentPings = 0;
    this.bytesReceivedAtLastPing = connection.bytesReceived;
    if (this.silentPings >= 3) {
      this.env.logger.warn('replication peer silent; reconnecting', { peer: this.peer.name, silentForMs: this.silentPings * this.env.options.pingIntervalMs });
      connection.terminate();
      return;
    }
    connection.send({ kind: MessageKind.PING, sentAt: this.env.clock() });
  }

  private originsToSend(): string[] {
    return [this.env.self.name, ...this.relayTargets.keys()];
  }

  private targetFor(origin: string): number {
    return origin === this.env.self.name ? this.env.ownDurableSeq() : vectorGet(this.relayTargets, origin);
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.ready && this.connection && this.inFlightBytes < this.env.options.maxInFlightBytes) {
        const connection = this.connection;
        const records = await this.collectFrame();
        if (records.length === 0 || this.connection !== connection) break;
        const frameId = this.nextFrameId++;
        const bytes = connection.send({ kind: MessageKind.RECORDS, frameId, records });
        this.inFlight.set(frameId, { bytes, sentAt: this.env.clock() });
        this.inFlightBytes += bytes;
        this.counters.framesSent++;
        this.counters.recordsFramesSent++;
        this.counters.bytesSent += bytes;
        for (const record of records) this.counters.seqsSent += record.toSeq - record.fromSeq + 1;
      }
    } catch (error) {
      this.env.logger.error('replication send failed', { peer: this.peer.name, error: (error as Error).message });
      this.connection?.terminate();
    } finally {
      this.pumping = false;
      if (this.notifiedWhilePumping) {
        const reason = this.notifiedWhilePumping;
        this.notifiedWhilePumping = false;
        this.notify(reason);
      }
    }
  }

  /** Reads the next frame's worth of records from the journal: per origin, one coalesced record. */
  private async collectFrame(): Promise<ReplicationRecord[]> {
    const frame: ReplicationRecord[] = [];
    let budget = this.env.options.maxFrameBytes;
    for (const origin of this.originsToSend()) {
      if (budget <= 0) break;
      if (this.stuckOrigins.has(origin)) continue;
      const target = this.targetFor(origin);
      const from = Math.max(vectorGet(this.sent, origin), vectorGet(this.peerVector, origin));
      if (from >= target) continue;
      const read = await this.env.journal.read(origin, from, budget);
      if (read.gap) {
        await this.transferState(origin);
        return frame;
      }
      // Own records are one seq each, so this also keeps records not yet durable back.
      const records = read.records.filter((record) => record.fromSeq <= target);
      if (records.length === 0) continue;
      const accepts = (entry: RecordEntry): boolean => scopeReaches(entry.scope, this.peer);
      const coalesced = this.env.coalesceCache.coalesce(records, accepts);
      // How many of the peer's updates merged into how many entries (entries filtered out by
      // scope merge nothing): the window grows past its ordinary maximum only for a hot item.
      let updates = 0;
      for (const record of records) {
        budget -= recordSizeHint(record);
        for (const entry of record.entries) if (accepts(entry)) updates++;
      }
      this.window.frameMerged(updates, coalesced.entries.length);
      this.sent.set(origin, coalesced.toSeq);
      frame.push(coalesced);
    }
    return frame;
  }

  /**
   * The peer needs records this journal no longer retains. Send the whole state of the
   * items it may receive, and mark complete the origins this node can vouch for.
   */
  private async transferState(origin: string): Promise<void> {
    const connection = this.connection;
    if (!this.env.exportState) {
      this.env.logger.error('peer lags beyond the retained journal and the host has no exportState; origin left behind', {
        peer: this.peer.name, origin, peerSeq: vectorGet(this.peerVector, origin), firstRetained: this.env.journal.firstRetainedSeq(origin),
      });
      this.stuckOrigins.add(origin);
      return;
    }
    const covered: VersionVector = new Map();
    const mayVouchForOthers = canRelayTo(this.env.self, this.peer);
    for (const [vectorOrigin, seq] of this.env.journal.vector) {
      if (vectorOrigin === this.peer.name) continue;
      if (vectorOrigin === this.env.self.name) covered.set(vectorOrigin, Math.min(seq, this.env.ownDurableSeq()));
      else if (mayVouchForOthers) covered.set(vectorOrigin, seq);
    }
    // Captured before exporting: the exported state holds at least this much.
    // Sent in frames of about maxFrameBytes, within the in-flight window like RECORDS; only the
    // last frame carries `covered`, so a transfer cut short advances nothing at the receiver
    // and starts over on the next connection (Yjs states merge idempotently).
    // What the transfer has to reach for `origin`, judged now: own writes published while it
    // streams are journaled and follow as records.
    const needed = this.targetFor(origin);
    const source = this.env.exportState((entry) => scopeReaches(entry.scope, this.peer));
    let items = 0;
    for await (const chunk of stateChunks(source, this.env.options.maxFrameBytes)) {
      while (this.connection === connection && this.inFlightBytes >= this.env.options.maxInFlightBytes) {
        await new Promise<void>((resolve) => (this.wakeStateSender = resolve));
        this.wakeStateSender = undefined;
      }
      if (!connection || this.connection !== connection) return;
      const frameId = this.nextFrameId++;
      const bytes = connection.send({ kind: MessageKind.STATE, frameId, vector: chunk.last ? covered : new Map(), entries: chunk.entries });
      this.inFlight.set(frameId, { bytes, sentAt: this.env.clock() });
      this.inFlightBytes += bytes;
      this.counters.framesSent++;
      this.counters.bytesSent += bytes;
      items += chunk.entries.length;
    }
    this.counters.stateTransfersSent++;
    for (const [coveredOrigin, seq] of covered) {
      if (seq > vectorGet(this.sent, coveredOrigin)) this.sent.set(coveredOrigin, seq);
    }
    if (!covered.has(origin) || vectorGet(covered, origin) < needed) this.stuckOrigins.add(origin);
    this.env.logger.info('state transfer sent', { peer: this.peer.name, origin, entries: items });
  }
}

function recordSizeHint(record: ReplicationRecord): number {
  let size = 16;
  for (const entry of record.entries) size += entry.update.byteLength + entry.key.length + 16;
  return size;
}
