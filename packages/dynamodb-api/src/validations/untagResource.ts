import { validateInput } from './interpreter.js';
import { RESOURCE_ARN, type OperationSpec } from './spec.js';

export interface UntagResourceInput {
  ResourceArn: string;
  TagKeys: string[];
}

const spec: OperationSpec = {
  members: {
    ResourceArn: RESOURCE_ARN,
    TagKeys: { type: { list: { type: 'String', minLength: 1, maxLength: 128 } }, notNull: true },
  },
};

export function validateUntagResource(body: Record<string, unknown>): UntagResourceInput {
  return validateInput<UntagResourceInput>(body, spec);
}
