import { Router } from 'express';
import { newRequestId } from '../server/requestId.js';
import type { KuhiroLocals, LambdaService } from '../server/services.js';
import type { AdminCaller } from './adminAccess.js';

/** The Lambda REST path of ListFunctions; the page shows the first page (50, Lambda's default). */
const LIST_FUNCTIONS_PATH = '/2015-03-31/functions?MaxItems=50';

/**
 * `GET /functions`: the admin account's functions, answered by the Lambda service's own
 * ListFunctions route (AWS's `{Functions, NextMarker}` shape). The Lambda service offers no
 * in-process listing, so the request is handed to its router as if the account had sent it
 * after SigV4: its routes read the caller from `res.locals.kuhiro` and the body from `req.body`.
 */
export function functionRoutes(lambda: LambdaService | undefined, region: string): Router {
  const router = Router();
  router.get('/functions', (req, res, next) => {
    if (!lambda) {
      res.json({ Functions: [], available: false });
      return;
    }
    const caller = res.locals.kuhiroAdmin as AdminCaller;
    const locals: KuhiroLocals = { tenant: caller.tenant, accountId: caller.accountId, region, requestId: newRequestId() };
    res.locals.kuhiro = locals;
    req.body = Buffer.alloc(0);
    const originalUrl = req.url;
    req.url = LIST_FUNCTIONS_PATH;
    lambda.apiRouter(req, res, (err?: unknown) => {
      // Not handled by the Lambda router (it should have been): restore and fall through.
      req.url = originalUrl;
      next(err);
    });
  });
  return router;
}
