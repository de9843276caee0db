import type { RequestHandler } from 'express';
import { sendLambdaError } from '@kuhiro/lambda-runtime';
import type { KuhiroLocals } from '../server/services.js';
import type { FaultRegistry } from './faultRegistry.js';
import { lambdaFaultFor } from './lambdaFault.js';

/**
 * The Lambda REST API's fault hook: runs after SigV4 (it needs the caller's tenant) and before
 * lambda-runtime's routes. Without request rules it is one boolean check. A faulted request
 * waits the injected latency, then gets the injected error and never reaches the function.
 */
export function lambdaFaultMiddleware(registry: FaultRegistry): RequestHandler {
  return (req, res, next) => {
    if (!registry.active) return next();
    const caller = res.locals.kuhiro as KuhiroLocals | undefined;
    if (!caller) return next();
    lambdaFaultFor(registry, caller.tenant, req.method, req.path).then((error) => {
      if (!error) return next();
      if (!res.headersSent && !res.writableEnded) sendLambdaError(res, error);
    }, next);
  };
}
