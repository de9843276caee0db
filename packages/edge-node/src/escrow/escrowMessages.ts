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
