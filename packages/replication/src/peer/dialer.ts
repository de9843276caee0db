import WebSocket from 'ws';
import type { PopConfig } from '../config/networkConfig.js';
import type { ReplicationLogger } from '../types.js';
import { backoffDelay, type BackoffOptions } from './backoff.js';
import { Connection } from './connection.js';
import { dialHandshake, type HandshakeContext } from './handshake.js';
import type { LinkFaults } from './linkFaults.js';

export const REPLICATION_PATH = '/_kuhiro/replication';

export function replicationUrl(baseUrl: string): string {
  return baseUrl.replace(/^http/, 'ws').replace(/\/+$/, '') + REPLICATION_PATH;
}

/**
 * Who dials whom, so each pair has one connection: edges dial central (an edge behind
 * NAT can still reach it), and between edges the lexically smaller name dials.
 */
export function shouldDial(self: PopConfig, peer: PopConfig): boolean {
  if (self.role === 'central') return false;
  if (peer.role === 'central') return true;
  return self.name < peer.name;
}

export interface DialerOptions {
  peer: PopConfig;
  handshake: HandshakeContext;
  backoff: BackoffOptions;
  maxPayload: number;
  clock: () => number;
  random: () => number;
  logger: ReplicationLogger;
  onConnected(connection: Connection): void;
  /** While an injected partition covers the peer, nothing is dialed; healing dials at once. */
  faults?: LinkFaults;
}

/** Keeps one outgoing connection to a peer alive, redialing with backoff. */
export class Dialer {
  private attempt = 0;
  private timer: NodeJS.Timeout | undefined;
  private current: Connection | undefined;
  private stopped = false;
  private heldByPartition = false;

  constructor(private readonly options: DialerOptions) {
    options.faults?.onChange(() => {
      if (!this.heldByPartition || this.stopped || options.faults!.isPartitioned(options.peer.name)) return;
      this.heldByPartition = false;
      this.attempt = 0;
      this.connect();
    });
  }

  start(): void {
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.current?.terminate();
  }

  private connect(): void {
    if (this.stopped) return;
    const { peer, logger } = this.options;
    if (this.options.faults?.isPartitioned(peer.name)) {
      this.heldByPartition = true;
      return;
    }
    const socket = new WebSocket(replicationUrl(peer.url), { maxPayload: this.options.maxPayload, handshakeTimeout: this.options.handshake.timeoutMs });
    const connection = new Connection(socket, this.options.clock, (error) =>
      logger.warn('malformed replication frame; closing', { peer: peer.name, error: error.message }),
    );
    this.current = connection;
    connection.onClose(() => {
      if (this.current === connection) this.current = undefined;
      this.scheduleReconnect();
    });
    socket.once('open', () => {
      dialHandshake(connection, peer, this.options.handshake).then(
        () => {
          if (this.stopped) return connection.terminate();
          this.attempt = 0;
          this.options.onConnected(connection);
        },
        (error: Error) => {
          logger.warn('replication handshake failed', { peer: peer.name, error: error.message });
          connection.close(1008, 'handshake failed');
        },
      );
    });
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.timer) return;
    const delay = backoffDelay(this.attempt++, this.options.backoff, this.options.random);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.connect();
    }, delay);
  }
}
