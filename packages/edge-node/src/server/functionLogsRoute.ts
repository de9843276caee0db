import type { RequestHandler } from 'express';
import { sendLambdaError } from './lambdaAuth.js';
import type { KuhiroLocals, LambdaService } from './services.js';

/** Where `kuhiro logs` reads a function's recent log lines (SigV4-signed for service lambda). */
export const FUNCTION_LOGS_PATH = '/_kuhiro/functions/:name/logs';

function wholeNumber(value: unknown): number | undefined | 'invalid' {
  if (value === undefined) return undefined;
  return typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : 'invalid';
}

/**
 * `GET /_kuhiro/functions/{name}/logs?sinceMs=&limit=` -> `{"FunctionName", "Lines": [{timestamp,
 * message}]}`, oldest first, lines newer than `sinceMs`. Runs after SigV4: logs belong to the
 * caller's account (tenant), as CloudWatch Logs would.
 */
export function functionLogsRoute(tailLogs: NonNullable<LambdaService['tailLogs']>): RequestHandler {
  return (req, res) => {
    const locals = res.locals.kuhiro as KuhiroLocals;
    const sinceMs = wholeNumber(req.query.sinceMs);
    const limit = wholeNumber(req.query.limit);
    if (sinceMs === 'invalid' || limit === 'invalid' || limit === 0)
      return sendLambdaError(res, 400, 'InvalidParameterValueException', 'sinceMs and limit must be whole numbers (limit at least 1).');
    const name = String(req.params.name);
    const lines = tailLogs(locals.tenant, name, { ...(sinceMs !== undefined ? { sinceMs } : {}), ...(limit !== undefined ? { limit } : {}) });
    res.json({ FunctionName: name, Lines: lines });
  };
}
