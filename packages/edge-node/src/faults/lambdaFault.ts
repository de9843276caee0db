import type { LambdaApiError } from '@kuhiro/lambda-runtime';
import { LAMBDA_FAULT_ERRORS } from './faultErrors.js';
import type { FaultRegistry } from './faultRegistry.js';
import { lambdaRequestTarget } from './lambdaRequestTarget.js';

/**
 * The injected fault of one Lambda API request (path without the query): waits the injected
 * latency, then resolves with the injected error, or undefined when the request goes on. Both
 * the express middleware and the Invoke hot path decide through this one function.
 */
export async function lambdaFaultFor(registry: FaultRegistry, tenant: string, method: string, path: string): Promise<LambdaApiError | undefined> {
  const { operation, functionName } = lambdaRequestTarget(method, path);
  if (operation === undefined) return undefined;
  const decision = registry.decide('lambda', tenant, functionName === undefined ? [] : [functionName], operation);
  if (!decision) return undefined;
  if (decision.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, decision.latencyMs));
  const make = decision.error ? LAMBDA_FAULT_ERRORS[decision.error.error!] : undefined;
  return make?.(decision.error!.reason);
}
