import type { ReplicationRecord, RecordEntry, VersionVector } from '../types.js';

/** Wire format version, first byte of every frame; a peer speaking another version is refused. */
export const PROTOCOL_VERSION = 1;

/** Message kinds, second byte of every frame. Numbers are wire format: never reuse one. */
export const MessageKind = {
  HELLO: 1,
  CHALLENGE: 2,
  AUTH: 3,
  WELCOME: 4,
  VECTOR: 5,
  RECORDS: 6,
  ACK: 7,
  PING: 8,
  PONG: 9,
  STATE: 10,
} as const;

export const NONCE_BYTES = 32;

/** Dialer -> acceptor: who I am, which network, my nonce. */
export interface HelloMessage { kind: typeof MessageKind.HELLO; networkId: string; from: string; to: string; nonce: Uint8Array }
/** Acceptor -> dialer: my nonce and my proof that I know the secret. */
export interface ChallengeMessage { kind: typeof MessageKind.CHALLENGE; nonce: Uint8Array; proof: Uint8Array }
/** Dialer -> acceptor: my proof. */
export interface AuthMessage { kind: typeof MessageKind.AUTH; proof: Uint8Array }
export interface WelcomeMessage { kind: typeof MessageKind.WELCOME }
/**
 * My whole version vector. Sent once after WELCOME and again whenever a receiver
 * detects a gap: the sender then rewinds to it.
 */
export interface VectorMessage { kind: typeof MessageKind.VECTOR; vector: VersionVector }
/** A batch of records; records of one origin are contiguous and ascending. */
export interface RecordsMessage { kind: typeof MessageKind.RECORDS; frameId: number; records: ReplicationRecord[] }
/** Progress report: the receiver's vector after applying (and journaling) frame `frameId` (0: periodic report). */
export interface AckMessage { kind: typeof MessageKind.ACK; frameId: number; vector: VersionVector }
export interface PingMessage { kind: typeof MessageKind.PING; sentAt: number }
export interface PongMessage { kind: typeof MessageKind.PONG; sentAt: number }
/**
 * State transfer for a receiver that lags beyond the sender's journal: whole item
 * states, and the vector entries they make complete.
 */
export interface StateMessage { kind: typeof MessageKind.STATE; frameId: number; vector: VersionVector; entries: RecordEntry[] }

export type Message =
  | HelloMessage | ChallengeMessage | AuthMessage | WelcomeMessage | VectorMessage
  | RecordsMessage | AckMessage | PingMessage | PongMessage | StateMessage;
