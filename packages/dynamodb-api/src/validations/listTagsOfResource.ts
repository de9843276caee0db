import { validateInput } from './interpreter.js';
import type { OperationSpec } from './spec.js';
import { parseTableArn } from '../tables/tableMeta.js';

export interface ListTagsOfResourceInput {
  ResourceArn: string;
  NextToken?: string;
}

const spec: OperationSpec = {
  members: { ResourceArn: { type: 'String' }, NextToken: { type: 'String' } },
};

export function validateListTagsOfResource(body: Record<string, unknown>): ListTagsOfResourceInput {
  return validateInput<ListTagsOfResourceInput>(body, spec, (input) => {
    if (input.ResourceArn === undefined) return 'Invalid TableArn';
    if (!parseTableArn(input.ResourceArn)) return `Invalid TableArn: Invalid ResourceArn provided as input ${input.ResourceArn}`;
    return undefined;
  });
}
