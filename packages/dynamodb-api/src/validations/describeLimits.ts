import { validateInput } from './interpreter.js';
import type { OperationSpec } from './spec.js';

export type DescribeLimitsInput = Record<string, never>;

const spec: OperationSpec = { members: {} };

export function validateDescribeLimits(body: Record<string, unknown>): DescribeLimitsInput {
  return validateInput<DescribeLimitsInput>(body, spec);
}
