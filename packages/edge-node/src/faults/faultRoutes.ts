import express, { Router, type ErrorRequestHandler, type Response } from 'express';
import type { AdminCaller } from '../status/adminAccess.js';
import { FaultRuleError, type FaultService } from './faultRule.js';
import type { FaultRegistry } from './faultRegistry.js';

const SERVICES: readonly FaultService[] = ['dynamodb', 'lambda', 'replication'];

/**
 * `/_kuhiro/faults`, behind the admin access rule (mounted after its middleware):
 * - `POST /` a rule (JSON, see faultRule.ts) -> 201 the stored rule with its `id`;
 * - `GET /` -> `{faults: [...]}` (with `remaining` counts and `hits`);
 * - `DELETE /:id` -> `{removed: id}`, 404 if unknown;
 * - `DELETE /?service=replication` (or any service; none = all) -> `{removed: n}`: heals partitions.
 * Request rules act on the caller's account only (its tenant); replication rules are node-wide.
 */
export function faultRoutes(registry: FaultRegistry): Router {
  const router = Router();
  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  router.post('/', express.json({ limit: '64kb', type: () => true }), (req, res) => {
    const caller = res.locals.kuhiroAdmin as AdminCaller;
    const body: unknown = req.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      invalid(res, 'The body must be a JSON object describing one fault rule.');
      return;
    }
    const input = { ...(body as Record<string, unknown>) };
    // A rule of this API acts on the caller's namespace, whatever the body says.
    if (input.service !== 'replication') input.tenant = caller.tenant;
    else delete input.tenant;
    try {
      res.status(201).json(registry.add(input));
    } catch (err) {
      if (err instanceof FaultRuleError) invalid(res, err.message);
      else throw err;
    }
  });
  router.get('/', (_req, res) => {
    const caller = res.locals.kuhiroAdmin as AdminCaller;
    res.json({ faults: registry.list({ tenant: caller.tenant }) });
  });
  router.delete('/:id', (req, res) => {
    const caller = res.locals.kuhiroAdmin as AdminCaller;
    if (!registry.remove(req.params.id, caller.tenant)) {
      res.status(404).json({ __type: 'ResourceNotFoundException', message: `No fault rule ${req.params.id}` });
      return;
    }
    res.json({ removed: req.params.id });
  });
  router.delete('/', (req, res) => {
    const caller = res.locals.kuhiroAdmin as AdminCaller;
    const service = req.query.service;
    if (service !== undefined && !SERVICES.includes(service as FaultService)) {
      invalid(res, `service must be one of ${SERVICES.join(', ')}`);
      return;
    }
    res.json({ removed: registry.clear({ tenant: caller.tenant, ...(service ? { service: service as FaultService } : {}) }) });
  });
  const badJson: ErrorRequestHandler = (err, _req, res, next) => {
    if ((err as { type?: string }).type === 'entity.parse.failed') invalid(res, 'The body is not valid JSON.');
    else if ((err as { type?: string }).type === 'entity.too.large') invalid(res, 'The body is too large for a fault rule.');
    else next(err);
  };
  router.use(badJson);
  return router;
}

function invalid(res: Response, message: string): void {
  res.status(400).json({ __type: 'ValidationException', message });
}
