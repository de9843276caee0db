import { validateInput } from './interpreter.js';
import { RESOURCE_ARN, type OperationSpec } from './spec.js';

export interface ListTagsOfResourceInput {
  ResourceArn: string;
  NextToken?: string;
}

const spec: OperationSpec = {
  members: { ResourceArn: RESOURCE_ARN, NextToken: { type: 'String' } },
};

export function validateListTagsOfResource(body: Record<string, unknown>): ListTagsOfResourceInput {
  return validateInput<ListTagsOfResourceInput>(body, spec);
}
