import { LIMITS } from '../limits.js';
import type { ApiOperation } from './apiDeps.js';

/** Lambda's default 75 GB code storage quota per account. */
const TOTAL_CODE_SIZE = 75 * 1024 * 1024 * 1024;

/** GET /2016-08-19/account-settings: this node's limits and the tenant's usage. */
export const getAccountSettings: ApiOperation = async (_req, res, ctx, deps) => {
  const functions = deps.registry.list(ctx.tenant);
  const reserved = functions.reduce((sum, fn) => sum + (fn.reservedConcurrency ?? 0), 0);
  const codeSizes = new Map<string, number>();
  for (const fn of functions) {
    for (const version of [fn.latest, ...Object.values(fn.versions)]) codeSizes.set(`${fn.name}/${version.code.sha256Hex}`, version.code.codeSize);
  }
  res.json({
    AccountLimit: {
      TotalCodeSize: TOTAL_CODE_SIZE,
      CodeSizeUnzipped: LIMITS.unzippedCodeBytes,
      CodeSizeZipped: LIMITS.zipFileBytes,
      ConcurrentExecutions: deps.maxConcurrentInvocations,
      UnreservedConcurrentExecutions: Math.max(0, deps.maxConcurrentInvocations - reserved),
    },
    AccountUsage: { TotalCodeSize: [...codeSizes.values()].reduce((sum, size) => sum + size, 0), FunctionCount: functions.length },
  });
};
