import { Router } from 'express';
import { statusRouter, type StatusDeps } from '../status/statusRouter.js';
import { ADMIN_TOKEN_ENV, createAdminAccess } from '../status/adminAccess.js';
import type { FaultRegistry } from '../faults/faultRegistry.js';
import { faultRoutes } from '../faults/faultRoutes.js';
import { KUHIRO_VERSION } from '../version.js';

export interface NodeInfo {
  nodeName: string;
  region: string;
  mode: 'development' | 'accounts';
  startedAt: Date;
  /** The replicator's view (`GET /_kuhiro/network`); absent on a node that runs alone. */
  network?: () => Record<string, unknown>;
}

export function healthBody(info: NodeInfo): Record<string, unknown> {
  return {
    status: 'ok',
    node: info.nodeName,
    region: info.region,
    version: KUHIRO_VERSION,
    mode: info.mode,
    uptimeSeconds: Math.round((Date.now() - info.startedAt.getTime()) / 1000),
  };
}

/** The node's own small API under `/_kuhiro/` (no SigV4: it reveals nothing tenant-specific). */
export function adminRouter(info: NodeInfo, status?: Omit<StatusDeps, 'info'>, faults?: FaultRegistry): Router {
  const router = Router();
  // One access rule (one admin token) for the status API and the fault API.
  const access = createAdminAccess(info.mode, status?.adminToken ?? process.env[ADMIN_TOKEN_ENV]);
  if (status) router.use(statusRouter({ info, ...status, access })); // the status page and its API (src/status/)
  if (faults) router.use('/faults', access.middleware, faultRoutes(faults)); // fault injection (src/faults/)
  router.get('/health', (_req, res) => {
    res.json(healthBody(info));
  });
  router.get('/network', (_req, res) => {
    if (!info.network) {
      res.status(404).json({ message: 'This node runs alone: it was started without --network' });
      return;
    }
    res.json(info.network());
  });
  router.use((req, res) => {
    res.status(404).json({ message: `No admin API at ${req.method} /_kuhiro${req.path}` });
  });
  return router;
}
