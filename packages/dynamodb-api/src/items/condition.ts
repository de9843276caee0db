import { ConditionalCheckFailedException } from '../errors.js';
import type { WritePlan } from './writePlan.js';

/** Throws AWS's ConditionalCheckFailedException when a planned write's condition failed. */
export function requireCondition(plan: WritePlan, returnOnFailure: 'ALL_OLD' | 'NONE' | undefined): void {
  if (plan.conditionHolds) return;
  // ReturnValuesOnConditionCheckFailure=ALL_OLD returns the item only when there was one.
  throw new ConditionalCheckFailedException(returnOnFailure === 'ALL_OLD' ? plan.current : undefined);
}
