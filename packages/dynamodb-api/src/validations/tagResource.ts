import type { Tag } from '../tables/tableMeta.js';
import { parseTableArn } from '../tables/tableMeta.js';
import { validateInput } from './interpreter.js';
import { TAG_LIST, type OperationSpec } from './spec.js';
import { checkTags } from './tableOptions.js';

export interface TagResourceInput {
  ResourceArn: string;
  Tags: Tag[];
}

const spec: OperationSpec = {
  members: { ResourceArn: { type: 'String' }, Tags: TAG_LIST },
};

/**
 * The tagging operations check in their own order (dynalite's suite against AWS): a missing
 * ARN, then the missing list, then the ARN's form, then an empty list.
 */
export function checkTaggingRequest(arn: string | undefined, list: unknown[] | undefined, listMember: string, emptyMessage: string): string | undefined {
  if (arn === undefined) return 'Invalid TableArn';
  if (list === undefined) return `1 validation error detected: Value null at '${listMember}' failed to satisfy constraint: Member must not be null`;
  if (!parseTableArn(arn)) return `Invalid TableArn: Invalid ResourceArn provided as input ${arn}`;
  if (list.length === 0) return emptyMessage;
  return undefined;
}

export function validateTagResource(body: Record<string, unknown>): TagResourceInput {
  return validateInput<TagResourceInput>(
    body,
    spec,
    (input) => checkTaggingRequest(input.ResourceArn, input.Tags, 'tags', 'Atleast one Tag needs to be provided as Input.') ?? checkTags(input.Tags),
  );
}
