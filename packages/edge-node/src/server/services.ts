import type { RequestHandler } from 'express';
import type { IncomingMessage } from 'node:http';
import type { Logger } from '../log/logger.js';

/**
 * What the server needs from the other packages, written structurally so the node can be
 * started with stand-ins in tests (a handler that throws, say) and so the real packages
 * satisfy it without this package naming their internals.
 */
export interface RequestContext {
  tenant: string;
  accountId: string;
  region: string;
  requestId: string;
}

export interface DynamoDbHandler {
  /** Never throws by contract; the server still guards against a bug that does. */
  handle(ctx: RequestContext, operation: string, body: unknown): Promise<{ status: number; body: unknown }>;
}

/** What a DynamoDB interceptor (src/spot) may answer instead of the local API. */
export interface InterceptedResponse {
  status: number;
  body: unknown;
  /** Extra response headers (`x-kuhiro-session`). */
  headers?: Record<string, string>;
}

/** The hot path's one seam for SPOT tables, bounded counters and read-your-writes: undefined = local API answers. */
export type DynamoDbInterceptor = (
  ctx: RequestContext,
  operation: string,
  body: unknown,
  request: { session: string | undefined },
) => Promise<InterceptedResponse | undefined>;

export interface LambdaService {
  /** The Lambda REST API (`/2015-03-31/...` and friends); runs after SigV4, reads `res.locals.kuhiro`. */
  apiRouter: RequestHandler;
  /** Function URLs under `/lambda-url/`; public, it authenticates AWS_IAM URLs itself. */
  urlRouter: RequestHandler;
  /** Invoke without express (the node's hot path); optional for stand-ins, which express then routes. */
  invoke?(ctx: RequestContext, request: import('@kuhiro/lambda-runtime').InvokeHttpRequest): Promise<import('@kuhiro/lambda-runtime').HttpAnswer>;
  /** A function's recent log lines, oldest first (for `kuhiro logs`); optional for stand-ins. */
  tailLogs?(tenant: string, functionName: string, options?: { sinceMs?: number; limit?: number }): { timestamp: number; message: string }[];
  close(): Promise<void>;
}

export interface LambdaServiceOptions {
  dataDir: string;
  region: string;
  endpointUrl: () => string;
  credentialsForTenant: (tenant: string) => { accessKeyId: string; secretAccessKey: string };
  authenticate: (req: IncomingMessage, body: Buffer) => Promise<{ tenant: string; accountId: string }>;
  log: Logger;
  /** The node's clock for functions (ms since the epoch); Date.now by default. */
  now?: () => number;
  /** The node's DynamoDB streams, for event source mappings (structurally @kuhiro/lambda-runtime's StreamSource). */
  streamSource?: import('@kuhiro/lambda-runtime').StreamSource;
  /** Functions debugged under the Node inspector. */
  inspector?: import('@kuhiro/lambda-runtime').InspectorSettings;
  /** Engine knobs (e.g. which memory sizes keep a pre-started spare environment); Lambda's behaviour by default. */
  tuning?: Partial<import('@kuhiro/lambda-runtime').LambdaTuning>;
}

/** What `res.locals.kuhiro` holds for the Lambda API routes after SigV4. */
export type KuhiroLocals = RequestContext;
