import { validateInput } from './interpreter.js';
import type { OperationSpec } from './spec.js';
import { checkTaggingRequest } from './tagResource.js';

export interface UntagResourceInput {
  ResourceArn: string;
  TagKeys: string[];
}

const spec: OperationSpec = {
  members: {
    ResourceArn: { type: 'String' },
    TagKeys: { type: { list: { type: 'String', minLength: 1, maxLength: 128 } } },
  },
};

export function validateUntagResource(body: Record<string, unknown>): UntagResourceInput {
  return validateInput<UntagResourceInput>(body, spec, (input) =>
    checkTaggingRequest(input.ResourceArn, input.TagKeys, 'tagKeys', 'Atleast one Tag Key needs to be provided as Input.'),
  );
}
