import express, { type ErrorRequestHandler, type Express } from 'express';
import type { Authenticator } from '../auth/authenticator.js';
import type { Logger } from '../log/logger.js';
import { adminRouter, type NodeInfo } from './adminRouter.js';
import { FUNCTION_LOGS_PATH, functionLogsRoute } from './functionLogsRoute.js';
import { lambdaSigV4, sendLambdaError } from './lambdaAuth.js';
import type { LambdaService } from './services.js';
import type { StatusDeps } from '../status/statusRouter.js';
import type { FaultRegistry } from '../faults/faultRegistry.js';
import { lambdaFaultMiddleware } from '../faults/lambdaFaultMiddleware.js';

export interface ExpressAppDeps {
  info: NodeInfo;
  authenticator: Authenticator;
  log: Logger;
  /** Undefined while lambda-runtime is not wired: Lambda routes then answer 404. */
  lambda: LambdaService | undefined;
  /** The status page's access to the node's services; without it /_kuhiro/ serves only health. */
  status?: Omit<StatusDeps, 'info'>;
  /** Injected faults (src/faults): `/_kuhiro/faults` and the Lambda API's fault hook. */
  faults?: FaultRegistry;
}

const FUNCTION_URL_PREFIX = '/lambda-url/';

/**
 * Everything but the DynamoDB hot path: the admin API, function URLs (public; AWS_IAM URLs are
 * checked by lambda-runtime itself), then SigV4 and the Lambda REST API. Routers are used
 * without a mount path so they see the full request path.
 */
export function createExpressApp(deps: ExpressAppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  const lambda = deps.lambda;
  if (lambda?.tailLogs) app.get(FUNCTION_LOGS_PATH, lambdaSigV4(deps.authenticator, deps.info.region), functionLogsRoute(lambda.tailLogs.bind(lambda)));
  app.use('/_kuhiro', adminRouter(deps.info, deps.status, deps.faults));
  if (lambda) app.use((req, res, next) => (req.path.startsWith(FUNCTION_URL_PREFIX) ? lambda.urlRouter(req, res, next) : next()));
  app.use(lambdaSigV4(deps.authenticator, deps.info.region));
  if (deps.faults) app.use(lambdaFaultMiddleware(deps.faults));
  if (lambda) app.use(lambda.apiRouter);
  app.use((req, res) => {
    sendLambdaError(res, 404, 'UnknownOperationException', `No API at ${req.method} ${req.path}`);
  });
  const onError: ErrorRequestHandler = (err, req, res, _next) => {
    const requestId = res.getHeader('x-amzn-RequestId');
    deps.log.error('request failed', { requestId, method: req.method, path: req.path, error: err });
    if (res.headersSent) {
      res.destroy();
      return;
    }
    sendLambdaError(res, 500, 'ServiceException', 'An internal error occurred. Try again.', 'Service');
  };
  app.use(onError);
  return app;
}
