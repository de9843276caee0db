import type { Item } from '@kuhiro/expressions';

/** A PoP's escrow message to central (`POST /_kuhiro/spot`, kind `escrow`); every number is cumulative. */
export interface EscrowRequest {
  kind: 'escrow';
  /** `pop/epoch`: one PoP process. */
  holder: string;
  tenant: string;
  tableName: string;
  key: Item;
  attribute: string;
  min: number;
  /** The grant total the holder knows; central only adds a grant when it matches (so a retry never grants twice). */
  grantedSeen: number;
  /** How much more the holder would like (0: only reporting). */
  want: number;
  consumed: number;
  consumedAtSeq: number;
  returned: number;
}

export interface EscrowAnswer {
  /** The holder's cumulative grant after this request. */
  granted: number;
}

/**
 * A restarted PoP hands back what its earlier processes held (`pop/epoch` holders it recorded in
 * its data dir before they asked for escrow): `atSeq` is its own replication seq at restart,
 * which covers every write they made. Central answers `{ granted: 0 }` once recorded.
 */
export interface EscrowRetireRequest {
  kind: 'escrow';
  /** The sending process's own holder: central's endpoint checks it names the signing node. */
  holder: string;
  /** Holders of the same PoP only; others are ignored. */
  retire: string[];
  atSeq: number;
}

/** Every message a PoP's escrow sends to central (one endpoint kind, told apart by `retire`). */
export type EscrowMessage = EscrowRequest | EscrowRetireRequest;

export function isRetireRequest(message: EscrowMessage): message is EscrowRetireRequest {
  return Array.isArray((message as Partial<EscrowRetireRequest>).retire);
}
