import { fileURLToPath } from 'node:url';
import express, { Router } from 'express';
import type { Logger } from '../log/logger.js';
import type { NodeInfo } from '../server/adminRouter.js';
import type { DynamoDbHandler, LambdaService } from '../server/services.js';
import { KUHIRO_VERSION } from '../version.js';
import { ADMIN_TOKEN_ENV, createAdminAccess, type AdminAccess } from './adminAccess.js';
import { functionRoutes } from './functionRoutes.js';
import { itemRoutes } from './itemRoutes.js';
import { metricsFor } from './metrics.js';

export interface StatusDeps {
  info: NodeInfo;
  /** The node's own DynamoDB API object (the one the hot path dispatches to). */
  api: DynamoDbHandler;
  lambda: LambdaService | undefined;
  log: Logger;
  /** Accounts mode only; default: `KUHIRO_ADMIN_TOKEN` from the environment, else a generated one. */
  adminToken?: string;
  /** An access rule shared with other admin routes (the fault API); default: one made from adminToken. */
  access?: AdminAccess;
}

/**
 * The page's files: plain HTML, JS and CSS with no build step, kept in `src/status/assets/` and
 * served from there (tsc does not copy them; this file runs from `dist/src/status/`).
 */
export const STATUS_ASSETS_DIR = fileURLToPath(new URL('../../../src/status/assets/', import.meta.url));

/**
 * The status page and its JSON API, mounted under `/_kuhiro/`:
 * - `GET /_kuhiro/` the page, `/_kuhiro/assets/*` its files (public: they hold no data);
 * - `GET /_kuhiro/api/node`, `/_kuhiro/api/metrics` (public: node facts and request counts, no
 *   tenant data; CORS-open so one node's page can show every PoP's ops/s);
 * - `/_kuhiro/api/tables...`, `/_kuhiro/api/functions` behind the admin access rule (adminAccess.ts).
 */
export function statusRouter(deps: StatusDeps): Router {
  const { info, log } = deps;
  const access = deps.access ?? createAdminAccess(info.mode, deps.adminToken ?? process.env[ADMIN_TOKEN_ENV]);
  if (access.mode === 'accounts') {
    if (deps.adminToken ?? process.env[ADMIN_TOKEN_ENV]) log.info('status page admin token taken from configuration', { page: '/_kuhiro/' });
    else log.info('status page admin token (paste it into the page at /_kuhiro/)', { adminToken: access.token });
  }
  const metrics = metricsFor(deps.api); // counting starts with the node, so ops/s divides by the right age

  const router = Router();
  const pageHeaders = {
    'Cache-Control': 'no-cache',
    // Peers' metrics are fetched from their own URLs, hence connect-src beyond 'self'.
    'Content-Security-Policy': "default-src 'self'; connect-src 'self' http: https:; img-src 'self' data:; frame-ancestors 'none'",
    'X-Content-Type-Options': 'nosniff',
  };
  router.get('/', (_req, res) => {
    res.set(pageHeaders).sendFile('index.html', { root: STATUS_ASSETS_DIR });
  });
  router.use('/assets', (_req, res, next) => {
    res.set(pageHeaders);
    next();
  }, express.static(STATUS_ASSETS_DIR, { index: false }));

  const apiRouter = Router();
  apiRouter.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  apiRouter.get('/node', (_req, res) => {
    res.set('Access-Control-Allow-Origin', '*').json({
      node: info.nodeName,
      region: info.region,
      version: KUHIRO_VERSION,
      mode: info.mode,
      uptimeSeconds: Math.round((Date.now() - info.startedAt.getTime()) / 1000),
      adminTokenRequired: access.mode === 'accounts',
      lambda: deps.lambda !== undefined,
    });
  });
  apiRouter.get('/metrics', (_req, res) => {
    res.set('Access-Control-Allow-Origin', '*').json({ node: info.nodeName, ...metrics.snapshot() });
  });
  apiRouter.use(access.middleware);
  apiRouter.use(itemRoutes(deps.api, info.region));
  apiRouter.use(functionRoutes(deps.lambda, info.region));
  apiRouter.use((req, res) => {
    res.status(404).json({ message: `No admin API at ${req.method} /_kuhiro/api${req.path}` });
  });
  router.use('/api', apiRouter);
  return router;
}
