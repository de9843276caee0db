import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { LambdaApiError, RequestTooLargeException, sendLambdaError, ServiceException } from '../errors.js';
import type { ApiDeps, KuhiroRequestContext } from './apiDeps.js';
import { OPERATIONS } from './operations.js';
import { rawBodyParser } from '../http/rawBody.js';

/** Room for a 50 MB zip in base64 inside JSON; Invoke's own 6 MB / 1 MB limits are checked in the operation. */
const BODY_LIMIT_BYTES = 75 * 1024 * 1024;

export function createApiRouter(deps: ApiDeps, log: (level: 'error' | 'warn' | 'info' | 'debug', msg: string, meta?: object) => void): Router {
  const router = express.Router();
  // Parsed per route: requests for other services may pass through this router untouched.
  const rawBody = rawBodyParser(BODY_LIMIT_BYTES);
  for (const route of OPERATIONS) {
    router[route.method](route.path, rawBody, async (req: Request, res: Response) => {
      const ctx = res.locals.kuhiro as KuhiroRequestContext | undefined;
      if (!ctx) {
        sendLambdaError(res, new ServiceException('The request reached the Lambda API without an authenticated context.'));
        return;
      }
      try {
        await route.operation(req, res, ctx, deps);
      } catch (error) {
        if (error instanceof LambdaApiError) {
          sendLambdaError(res, error);
          return;
        }
        // The unexpected: logged with the request id, answered as Lambda's ServiceException; the node stays up.
        log('error', `lambda ${route.name} failed: ${(error as Error).stack ?? String(error)}`, { requestId: ctx.requestId });
        if (!res.headersSent) sendLambdaError(res, new ServiceException('An internal error occurred.'));
      }
    });
  }
  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if ((error as { type?: string }).type === 'entity.too.large') {
      sendLambdaError(res, new RequestTooLargeException(`Request must be smaller than ${BODY_LIMIT_BYTES} bytes for the operation`));
      return;
    }
    next(error);
  });
  return router;
}
