import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Store } from '@kuhiro/crdt-store';
import { InternalServerError, ServiceUnavailable, toWireError } from '@kuhiro/dynamodb-api';
import { CentralEscrow } from '../escrow/centralEscrow.js';
import { CentralLedger } from '../escrow/centralLedger.js';
import type { EscrowAnswer, EscrowMessage } from '../escrow/escrowMessages.js';
import { PopEscrow } from '../escrow/popEscrow.js';
import { createSerialLock } from '../escrow/serialLock.js';
import type { Logger } from '../log/logger.js';
import type { DynamoDbHandler, DynamoDbInterceptor, InterceptedResponse, RequestContext } from '../server/services.js';
import { CentralUnavailableError, createCentralClient } from './centralClient.js';
import { createCentralEndpoint, type ForwardedWrite } from './centralEndpoint.js';
import { createCentralExecutor, type CentralResult } from './centralExecutor.js';
import { classifyRequest } from './classifyRequest.js';
import { PendingCentralWrites, tablesOf } from './pendingCentralWrites.js';
import { SESSION_HEADER, formatSession, mergeSessions, parseSession, type SessionVector } from './sessionToken.js';
import { waitForVector } from './vectorWait.js';

export interface SpotInterceptorOptions {
  role: 'edge' | 'central';
  /** Central's base URL (from the network config); unused at central. */
  centralUrl: string;
  networkSecret: string;
  nodeName: string;
  /** This node's DynamoDbApi: what executes local writes (and, at central, forwarded ones). */
  localApi: DynamoDbHandler;
  store: Store;
  /** The replicator's version vector (`Replicator.vector()`). */
  replicatorVector: () => Record<string, number>;
  log: Logger;
  /** Central keeps its escrow ledger here (`escrow-ledger.json`); without it the ledger is in memory. */
  dataDir?: string;
  /** How long a request waits for replication to cover a session or a forwarded write (default 2000 ms). */
  waitTimeoutMs?: number;
  /** How long a PoP waits for central's answer (default 5000 ms). */
  forwardTimeoutMs?: number;
  /** PoP escrow tuning (see PopEscrow). */
  escrow?: { tickMs?: number; idleReturnMs?: number; refillFactor?: number; grantShare?: number };
}

export interface SpotStats {
  /** Bounded decrements served from local escrow / forwarded to central for lack of it. */
  escrowLocal: number;
  escrowForwarded: number;
  /** Writes forwarded to central (SPOT tables and escrow misses). */
  forwarded: number;
  /** Waits for replication that gave up after waitTimeoutMs. */
  waitTimeouts: number;
}

export interface SpotInterceptor {
  /** The hot path's seam (DynamoDbHotPathDeps.interceptWrite). */
  interceptWrite: DynamoDbInterceptor;
  /** Serves `POST /_kuhiro/spot` (central); false for any other request. Mount before express. */
  handleHttp(req: IncomingMessage, res: ServerResponse): boolean;
  stats(): SpotStats;
  /** Returns unused escrow to central (best effort) and stops timers. */
  close(): Promise<void>;
}

/**
 * SPOT tables, bounded counters and read-your-writes for one node (see escrow/README.md and
 * the edge-node README). Every DynamoDB request passes through `interceptWrite`:
 * 1. it waits (bounded) until this node's vector covers the client's `x-kuhiro-session`;
 * 2. a write to a SPOT table, or a bounded decrement without enough local escrow, executes
 *    at central (edges forward it; central runs it under its lock); the PoP answers with
 *    central's answer at once, and the next request that touches the same tables waits until
 *    the PoP has replicated central's result (pendingCentralWrites.ts);
 * 3. everything else runs on the local API;
 * and every answer carries `x-kuhiro-session` covering what it did.
 */
export async function createSpotInterceptor(options: SpotInterceptorOptions): Promise<SpotInterceptor> {
  const { nodeName, store, localApi, log } = options;
  const vector = options.replicatorVector;
  const waitTimeoutMs = options.waitTimeoutMs ?? 2000;
  const counters = { forwarded: 0, waitTimeouts: 0 };
  const lock = createSerialLock();
  const isCentral = options.role === 'central';
  const pendingCentral = new PendingCentralWrites(vector);

  const centralEscrow = isCentral
    ? new CentralEscrow({
        ledger: await CentralLedger.open(options.dataDir ? join(options.dataDir, 'escrow-ledger.json') : undefined),
        store,
        vector,
        ...(options.escrow?.grantShare !== undefined ? { grantShare: options.escrow.grantShare } : {}),
      })
    : undefined;
  const executeAtCentral = centralEscrow
    ? createCentralExecutor({ nodeName, store, localApi, escrow: centralEscrow, vector, lock })
    : undefined;
  const callCentral = isCentral
    ? undefined
    : createCentralClient({
        centralUrl: options.centralUrl,
        networkSecret: options.networkSecret,
        nodeName,
        ...(options.forwardTimeoutMs !== undefined ? { timeoutMs: options.forwardTimeoutMs } : {}),
      });
  const popEscrow = callCentral
    ? new PopEscrow({
        nodeName,
        send: (request: EscrowMessage) => callCentral<EscrowAnswer>(request),
        // A restart hands back what a killed process held (escrow/holderFile.ts).
        ...(options.dataDir ? { holdersFile: join(options.dataDir, 'escrow-holders.json') } : {}),
        ownSeq: () => vector()[nodeName] ?? 0,
        ...options.escrow,
        onError: (err) => log.debug('escrow message to central failed', { error: err }),
      })
    : undefined;

  const waitFor = async (target: SessionVector) => {
    if (Object.keys(target).length === 0) return;
    if (!(await waitForVector(vector, target, waitTimeoutMs))) {
      counters.waitTimeouts += 1;
      log.debug('replication did not cover the session in time; answering anyway', { target, vector: vector() });
    }
  };

  const forward = async (ctx: RequestContext, operation: string, body: unknown): Promise<InterceptedResponse & { session: SessionVector }> => {
    counters.forwarded += 1;
    const message: ForwardedWrite = { kind: 'write', ctx, operation, body };
    let result: CentralResult;
    try {
      result = await callCentral!<CentralResult>(message);
    } catch (err) {
      if (!(err instanceof CentralUnavailableError)) throw err;
      log.warn('SPOT write could not reach central', { requestId: ctx.requestId, operation, error: err.message });
      // Both are retryable for the SDKs. A refused connection certainly applied nothing (503);
      // a timeout or a cut answer may have, which DynamoDB reports as a 500.
      const wire = toWireError(err.maybeApplied ? new InternalServerError() : new ServiceUnavailable());
      return { ...wire, session: {} };
    }
    const session = { [result.origin]: result.seq };
    // Read-your-writes at this PoP: the next request touching these tables waits for
    // replication to bring central's write here; this one is answered now.
    pendingCentral.add(ctx.tenant, tablesOf(operation, body), session);
    return { status: result.status, body: result.body, session };
  };

  const interceptWrite: DynamoDbInterceptor = async (ctx, operation, body, request) => {
    const incoming = parseSession(request.session);
    await waitFor(mergeSessions(incoming, pendingCentral.pendingFor(ctx.tenant, tablesOf(operation, body))));
    const placement = classifyRequest(store, ctx.tenant, operation, body);
    let answer: { status: number; body: unknown };
    let session: SessionVector = {};
    if (placement.kind === 'local') {
      answer = await localApi.handle(ctx, operation, body);
    } else if (executeAtCentral) {
      const result = await executeAtCentral(ctx, operation, body);
      answer = result;
    } else if (placement.kind === 'central') {
      ({ session, ...answer } = await forward(ctx, operation, body));
    } else {
      const reservation = await popEscrow!.reserve(ctx.tenant, placement.decrements);
      if (reservation) {
        answer = await localApi.handle(ctx, operation, body);
        if (answer.status === 200) popEscrow!.commit(reservation);
        else popEscrow!.release(reservation);
        // A condition that fails here may hold at central (a restock not yet replicated here):
        // central's answer is the authoritative one.
        if (isConditionFailure(answer.body)) ({ session, ...answer } = await forward(ctx, operation, body));
      } else {
        ({ session, ...answer } = await forward(ctx, operation, body));
      }
    }
    const own = { [nodeName]: vector()[nodeName] ?? 0 };
    return { ...answer, headers: { [SESSION_HEADER]: formatSession(mergeSessions(incoming, session, own)) } };
  };

  const handleHttp = createCentralEndpoint({
    role: options.role,
    networkSecret: options.networkSecret,
    execute: executeAtCentral ?? (() => Promise.reject(new Error('not central'))),
    escrow: centralEscrow,
    lock,
    log,
  });

  return {
    interceptWrite,
    handleHttp,
    stats: () => ({
      escrowLocal: popEscrow?.counts.local ?? 0,
      escrowForwarded: popEscrow?.counts.forwarded ?? 0,
      ...counters,
    }),
    close: async () => {
      await popEscrow?.close();
    },
  };
}

function isConditionFailure(body: unknown): boolean {
  const type = (body as { __type?: unknown } | undefined)?.__type;
  return typeof type === 'string' && (type.endsWith('#ConditionalCheckFailedException') || type.endsWith('#TransactionCanceledException'));
}
