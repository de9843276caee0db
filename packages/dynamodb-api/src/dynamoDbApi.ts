import { randomUUID } from 'node:crypto';
import type { Store, TableRecord } from '@kuhiro/crdt-store';
import type { ActionContext, DynamoDbApiOptions, RequestContext } from './context.js';
import { SerializationException, toWireError, UnknownOperationException } from './errors.js';
import { IdempotencyTokens } from './items/idempotency.js';
import { isOperationName, OPERATIONS, type Operation } from './registry.js';
import { TtlSweeper } from './ttl/ttlSweeper.js';

export interface ApiResponse {
  status: number;
  body: object;
}

/**
 * The DynamoDB JSON 1.0 protocol over one node's store. The edge node authenticates, parses
 * the JSON body and strips the `DynamoDB_20120810.` prefix from `X-Amz-Target`; this class
 * does everything after that and never throws: every failure becomes AWS's error shape.
 */
export class DynamoDbApi {
  private readonly now: () => number;
  private readonly newId: () => string;
  private readonly tableActivationMs: number;
  private readonly log: (msg: string, meta?: object) => void;
  private readonly region: string;
  private readonly transactionTokens: IdempotencyTokens;
  private readonly ttlSweeper: TtlSweeper;
  /** Tenants that made requests: the sweeper's way to find tables while the store cannot list all tenants. */
  private readonly tenantsSeen = new Set<string>();

  constructor(
    private readonly store: Store,
    options: DynamoDbApiOptions,
  ) {
    this.region = options.region;
    this.now = options.now ?? Date.now;
    this.newId = options.newId ?? randomUUID;
    this.tableActivationMs = options.tableActivationMs ?? 0;
    this.log = options.log ?? (() => {});
    this.transactionTokens = new IdempotencyTokens(this.now);
    this.ttlSweeper = new TtlSweeper(store, {
      now: this.now,
      tables: () => this.allTables(),
      intervalMs: options.ttlSweepIntervalMs ?? 1000,
      log: this.log,
    });
  }

  /** Starts background work: the TTL sweeper. */
  start(): void {
    this.ttlSweeper.start();
  }

  /** Stops background work and waits for a sweep in progress; the store stays open. */
  async close(): Promise<void> {
    await this.ttlSweeper.close();
  }

  /** Deletes every TTL-expired item now (as of `nowMs`, default the injected clock); resolves with how many. */
  sweepExpired(nowMs?: number): Promise<number> {
    return this.ttlSweeper.sweepExpired(nowMs);
  }

  private allTables(): TableRecord[] {
    // A store that can list every table (all tenants) is used as is; otherwise the tables of the
    // tenants this API has served.
    const listAll = (this.store as Partial<{ listAllTables(): TableRecord[] }>).listAllTables;
    if (typeof listAll === 'function') return listAll.call(this.store);
    const tables: TableRecord[] = [];
    for (const tenant of this.tenantsSeen) {
      for (const name of this.store.listTables(tenant)) {
        const record = this.store.getTable(tenant, name);
        if (record) tables.push(record);
      }
    }
    return tables;
  }

  async handle(request: RequestContext, operation: string, body: unknown): Promise<ApiResponse> {
    try {
      if (!isOperationName(operation)) throw new UnknownOperationException();
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new SerializationException();
      // The registry pairs each validate with its action; the cast only forgets which operation.
      const handler = OPERATIONS[operation] as Operation<unknown>;
      this.tenantsSeen.add(request.tenant);
      const input = handler.validate(body as Record<string, unknown>);
      const ctx: ActionContext = {
        store: this.store,
        request,
        region: this.region,
        now: this.now,
        tableActivationMs: this.tableActivationMs,
        newId: this.newId,
        transactionTokens: this.transactionTokens,
      };
      return { status: 200, body: await handler.action(ctx, input) };
    } catch (err) {
      const wire = toWireError(err);
      if (wire.status >= 500) {
        this.log('internal error in DynamoDB operation', {
          requestId: request.requestId,
          operation,
          error: err instanceof Error ? err.stack : String(err),
        });
      }
      return wire;
    }
  }
}
