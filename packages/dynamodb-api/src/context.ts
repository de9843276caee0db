import type { Store } from '@kuhiro/crdt-store';
import type { IdempotencyTokens } from './items/idempotency.js';

/** Who is asking: set by the edge node after authentication. */
export interface RequestContext {
  /** The namespace (account) whose tables the request sees. */
  tenant: string;
  /** The 12-digit account id that appears in ARNs. */
  accountId: string;
  region: string;
  requestId: string;
}

export interface DynamoDbApiOptions {
  region: string;
  /** Milliseconds since the epoch; injected so tests can freeze time. */
  now?: () => number;
  log?: (msg: string, meta?: object) => void;
  /**
   * How long a new table (and a new GSI) stays CREATING before DescribeTable shows ACTIVE.
   * Default 0: ACTIVE at once, as DynamoDB Local does, which is friendliest for apps.
   */
  tableActivationMs?: number;
  /** Source of TableIds (uuid v4 by default); injected for deterministic tests. */
  newId?: () => string;
  /** How often the TTL sweeper (started by `start()`) looks for expired items. Default 1000 ms. */
  ttlSweepIntervalMs?: number;
}

/** What every action receives besides its validated input. */
export interface ActionContext {
  store: Store;
  request: RequestContext;
  /** The node's region: ARNs and endpoints name it (the edge node refuses other regions). */
  region: string;
  now: () => number;
  tableActivationMs: number;
  newId: () => string;
  /** ClientRequestTokens of recent TransactWriteItems, per API instance (one per node). */
  transactionTokens: IdempotencyTokens;
}
