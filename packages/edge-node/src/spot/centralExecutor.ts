import type { Store } from '@kuhiro/crdt-store';
import { ConditionalCheckFailedException, TransactionCanceledException, toWireError } from '@kuhiro/dynamodb-api';
import type { CentralEscrow } from '../escrow/centralEscrow.js';
import type { DynamoDbHandler, RequestContext } from '../server/services.js';
import { classifyRequest, type Placement } from './classifyRequest.js';

export interface CentralResult {
  status: number;
  body: unknown;
  /** Central's replication position covering the write (its own vector entry after it). */
  origin: string;
  seq: number;
}

export interface CentralExecutorOptions {
  nodeName: string;
  store: Store;
  localApi: DynamoDbHandler;
  escrow: CentralEscrow;
  vector: () => Record<string, number>;
  /** The serial lock shared with escrow grants. */
  lock: <T>(task: () => Promise<T>) => Promise<T>;
}

/**
 * Executes a SPOT write or a bounded decrement at central, linearizably, with the bound
 * checked against central's value minus the escrow PoPs hold. The answer carries
 * central's own seq after the write; the store publishes each commit synchronously, so that
 * seq covers it (a later seq is harmless: waiting for it only waits for more).
 */
export function createCentralExecutor(options: CentralExecutorOptions) {
  const execute = async (ctx: RequestContext, operation: string, body: unknown, placement: Placement): Promise<CentralResult> => {
    const refused = placement.kind === 'escrow' ? options.escrow.refusedDecrement(ctx.tenant, placement.decrements) : -1;
    const answer =
      placement.kind === 'escrow' && refused >= 0
        ? toWireError(refusal(operation, body, placement.decrements[refused]!.position))
        : await options.localApi.handle(ctx, operation, body);
    return { ...answer, origin: options.nodeName, seq: options.vector()[options.nodeName] ?? 0 };
  };
  return (ctx: RequestContext, operation: string, body: unknown): Promise<CentralResult> => {
    const placement = classifyRequest(options.store, ctx.tenant, operation, body);
    // The local API checks conditions and writes in one synchronous step, so a plain SPOT write
    // is linearizable as is; a bounded decrement also reads the ledger, which grants change
    // across awaits, so those take the lock.
    return placement.kind === 'escrow'
      ? options.lock(() => execute(ctx, operation, body, placement))
      : execute(ctx, operation, body, placement);
  };
}

/** What DynamoDB answers when the condition fails: per item, or a cancelled transaction. */
function refusal(operation: string, body: unknown, position: number) {
  if (operation !== 'TransactWriteItems') return new ConditionalCheckFailedException();
  const items = (body as { TransactItems?: unknown[] }).TransactItems ?? [];
  return new TransactionCanceledException(
    items.map((_, index) => (index === position ? { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' } : { Code: 'None' })),
  );
}
