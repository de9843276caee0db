import { validateInput } from './interpreter.js';
import type { OperationSpec } from './spec.js';

export type DescribeEndpointsInput = Record<string, never>;

const spec: OperationSpec = { members: {} };

export function validateDescribeEndpoints(body: Record<string, unknown>): DescribeEndpointsInput {
  return validateInput<DescribeEndpointsInput>(body, spec);
}
