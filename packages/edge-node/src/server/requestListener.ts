import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Express } from 'express';
import type { Logger } from '../log/logger.js';
import { healthBody, type NodeInfo } from './adminRouter.js';
import { answerPreflight } from './cors.js';
import { handleDynamoDbRequest, type DynamoDbHotPathDeps } from './dynamoDbHotPath.js';
import { handleInvokeRequest, matchInvoke, type LambdaHotPathDeps } from './lambdaHotPath.js';

export interface RequestListenerDeps {
  dynamoDb: DynamoDbHotPathDeps;
  app: Express;
  info: NodeInfo;
  log: Logger;
  /** On a network: answers central's `/_kuhiro/spot` endpoint (forwarded SPOT writes, escrow). */
  spot?: { handleHttp(req: IncomingMessage, res: ServerResponse): boolean };
  /** Lambda's Invoke served ahead of express (lambdaHotPath.ts); without it express routes Invoke. */
  lambdaInvoke?: LambdaHotPathDeps;
}

function isRootPath(url: string | undefined): boolean {
  return url === '/' || url === '' || (url?.startsWith('/?') ?? false);
}

/**
 * The node's one entry point. DynamoDB's JSON protocol (every POST to `/`) is dispatched before
 * express: it is the hot path and needs none of express's routing. `GET /` answers a health
 * probe, as load balancers and DynamoDB Local users expect; everything else goes to express.
 */
export function createRequestListener(deps: RequestListenerDeps): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    if (deps.spot?.handleHttp(req, res)) return;
    if (req.method === 'POST' && isRootPath(req.url)) {
      handleDynamoDbRequest(req, res, deps.dynamoDb).catch((err: unknown) => {
        deps.log.error('DynamoDB reply failed', { error: err });
        res.destroy();
      });
      return;
    }
    if (req.method === 'OPTIONS' && isRootPath(req.url) && req.headers.origin) {
      answerPreflight(req, res);
      return;
    }
    if (req.method === 'GET' && isRootPath(req.url)) {
      const body = JSON.stringify({ healthy: true, service: 'kuhiro', ...healthBody(deps.info) });
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
      return;
    }
    if (deps.log.isEnabled('debug')) {
      const started = process.hrtime.bigint();
      res.once('finish', () =>
        deps.log.debug('http request', {
          requestId: res.getHeader('x-amzn-RequestId'),
          method: req.method,
          url: req.url,
          status: res.statusCode,
          ms: Number(process.hrtime.bigint() - started) / 1e6,
        }),
      );
    }
    const invoke = deps.lambdaInvoke ? matchInvoke(req.method, req.url) : undefined;
    if (invoke) {
      handleInvokeRequest(req, res, invoke, deps.lambdaInvoke!).catch((err: unknown) => {
        deps.log.error('Invoke reply failed', { error: err });
        res.destroy();
      });
      return;
    }
    deps.app(req, res);
  };
}
