import { Router } from 'express';
import { statusRouter, type StatusDeps } from '../status/statusRouter.js';
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
export function adminRouter(info: NodeInfo, status?: Omit<StatusDeps, 'info'>): Router {
  const router = Router();
  if (status) router.use(statusRouter({ info, ...status })); // the status page and its API (src/status/)
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
