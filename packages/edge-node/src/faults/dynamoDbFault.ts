import { setTimeout as sleep } from 'node:timers/promises';
import { toWireError, type WireError } from '@kuhiro/dynamodb-api';
import { DYNAMODB_FAULT_ERRORS } from './faultErrors.js';
import type { FaultRegistry } from './faultRegistry.js';
import { tablesOfRequest } from './dynamoDbTables.js';

/**
 * Applies the fault rules to one authenticated DynamoDB request, before anything handles it:
 * waits the injected latency, then returns the injected error's status and body (the request
 * is then not executed, so a faulted write changes nothing), or undefined to go on normally.
 * The hot path calls this only while `registry.active`.
 */
export async function dynamoDbFault(registry: FaultRegistry, tenant: string, operation: string, input: unknown): Promise<WireError | undefined> {
  const decision = registry.decide('dynamodb', tenant, tablesOfRequest(input), operation);
  if (!decision) return undefined;
  if (decision.latencyMs > 0) await sleep(decision.latencyMs);
  const make = decision.error ? DYNAMODB_FAULT_ERRORS[decision.error.error!] : undefined;
  return make ? toWireError(make()) : undefined;
}
