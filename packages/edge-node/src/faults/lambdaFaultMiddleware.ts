import type { RequestHandler } from 'express';
import { sendLambdaError } from '@kuhiro/lambda-runtime';
import type { KuhiroLocals } from '../server/services.js';
import { LAMBDA_FAULT_ERRORS } from './faultErrors.js';
import type { FaultRegistry } from './faultRegistry.js';
import { lambdaRequestTarget } from './lambdaRequestTarget.js';

/**
 * The Lambda REST API's fault hook: runs after SigV4 (it needs the caller's tenant) and before
 * lambda-runtime's routes. Without request rules it is one boolean check. A faulted request
 * waits the injected latency, then gets the injected error and never reaches the function.
 */
export function lambdaFaultMiddleware(registry: FaultRegistry): RequestHandler {
  return (req, res, next) => {
    if (!registry.active) return next();
    const caller = res.locals.kuhiro as KuhiroLocals | undefined;
    const { operation, functionName } = lambdaRequestTarget(req.method, req.path);
    if (!caller || operation === undefined) return next();
    const decision = registry.decide('lambda', caller.tenant, functionName === undefined ? [] : [functionName], operation);
    if (!decision) return next();
    const answer = () => {
      const make = decision.error ? LAMBDA_FAULT_ERRORS[decision.error.error!] : undefined;
      if (!make) return next();
      if (!res.headersSent && !res.writableEnded) sendLambdaError(res, make(decision.error!.reason));
    };
    if (decision.latencyMs > 0) setTimeout(answer, decision.latencyMs);
    else answer();
  };
}
