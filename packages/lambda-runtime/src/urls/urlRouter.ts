import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { LambdaApiError, TooManyRequestsException } from '../errors.js';
import type { InvocationService } from '../invocation/invocationService.js';
import { LIMITS } from '../limits.js';
import type { FunctionRegistry } from '../registry/functionRegistry.js';
import type { CodeLinks } from './codeLinks.js';
import { rawBodyParser } from '../http/rawBody.js';
import { preflightHeaders, responseCorsHeaders } from './cors.js';
import { urlEvent } from './urlEvent.js';
import type { UrlIndex } from './urlIndex.js';
import { urlResponse } from './urlResponse.js';

export interface UrlRouterDeps {
  registry: FunctionRegistry;
  urls: UrlIndex;
  invocations: InvocationService;
  codeLinks: CodeLinks;
  authenticate: (req: IncomingMessage, body: Buffer) => Promise<{ tenant: string; accountId: string }>;
  log: (level: 'error' | 'warn' | 'info' | 'debug', msg: string, meta?: object) => void;
  now: () => number;
}

/** Serves function URLs (`/lambda-url/<url id>/...`) and GetFunction's code links (`/lambda-url/_code/<token>`). */
export function createUrlRouter(deps: UrlRouterDeps): Router {
  const router = express.Router();
  const rawBody = rawBodyParser(LIMITS.syncPayloadBytes);
  // Code links live under /lambda-url/ too (the node routes that prefix here, unsigned);
  // '_' never starts a url id.
  router.get('/lambda-url/_code/:token', (req: Request, res: Response) => {
    const zipPath = deps.codeLinks.zipPath(String(req.params.token));
    if (!zipPath) {
      res.status(403).type('text/plain').send('Forbidden');
      return;
    }
    res.type('application/zip').sendFile(zipPath, (error) => {
      if (error && !res.headersSent) res.status(404).end();
    });
  });
  router.all('/lambda-url/:urlId{/*rest}', rawBody, async (req: Request, res: Response) => {
    const requestId = randomUUID();
    res.setHeader('x-amzn-RequestId', requestId);
    try {
      await serveFunctionUrl(req, res, requestId, deps);
    } catch (error) {
      if (error instanceof TooManyRequestsException) {
        res.status(429).json({ Message: 'Rate Exceeded.' });
        return;
      }
      if (!(error instanceof LambdaApiError)) deps.log('error', `function url failed: ${(error as Error).stack ?? String(error)}`, { requestId });
      if (!res.headersSent) res.status(502).json({ Message: 'Internal Server Error' });
    }
  });
  router.use('/lambda-url', (error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if ((error as { type?: string }).type === 'entity.too.large') {
      res.status(413).json({ Message: `Request must be smaller than ${LIMITS.syncPayloadBytes} bytes for the InvokeFunction operation` });
      return;
    }
    next(error);
  });
  return router;
}

async function serveFunctionUrl(req: Request, res: Response, requestId: string, deps: UrlRouterDeps): Promise<void> {
  const urlId = String(req.params.urlId);
  const target = deps.urls.get(urlId);
  const fn = target && deps.registry.find(target.tenant, target.functionName);
  const config = fn && target && fn.urlConfigs[target.qualifier];
  if (!target || !fn || !config) {
    res.status(404).json({ Message: null });
    return;
  }
  const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  const origin = req.header('origin');
  // Preflight is answered from the stored Cors config; the function never sees it.
  if (config.cors && req.method === 'OPTIONS' && req.header('access-control-request-method')) {
    res.status(200).set(preflightHeaders(config.cors, origin)).end();
    return;
  }
  let callerAccountId = 'anonymous';
  if (config.authType === 'AWS_IAM') {
    let caller: { tenant: string; accountId: string } | undefined;
    try {
      caller = await deps.authenticate(req, body);
    } catch {
      caller = undefined;
    }
    if (!caller || caller.tenant !== fn.tenant) {
      res.status(403).json({ Message: 'Forbidden' });
      return;
    }
    callerAccountId = caller.accountId;
  }
  const queryIndex = req.url.indexOf('?');
  // The function sees the path below the URL's root: "/lambda-url/<id>/a/b" -> "/a/b".
  const rawPath = req.path.slice(`/lambda-url/${urlId}`.length) || '/';
  const event = urlEvent({
    method: req.method,
    rawPath,
    rawQueryString: queryIndex >= 0 ? req.url.slice(queryIndex + 1) : '',
    headers: req.headers,
    body,
    sourceIp: (req.socket.remoteAddress ?? '').replace(/^::ffff:/, ''),
    urlId,
    requestId,
    accountId: callerAccountId,
    timeEpoch: deps.now(),
  });
  const resolved = deps.registry.routeAlias(deps.registry.resolve(fn.tenant, fn.accountId, { name: fn.name, ...(config.qualifier === '$LATEST' ? {} : { qualifier: config.qualifier }) }), Math.random);
  const result = await deps.invocations.invoke(resolved, { requestId, payload: JSON.stringify(event) });
  const cors = config.cors ? responseCorsHeaders(config.cors, origin) : {};
  if (result.functionError) {
    res.status(502).set(cors).json({ Message: 'Internal Server Error' });
    return;
  }
  const answer = urlResponse(result.payload);
  res.status(answer.statusCode).set({ ...answer.headers, ...cors });
  if (answer.cookies.length > 0) res.setHeader('set-cookie', answer.cookies);
  res.end(answer.body);
}
