import type { Tag } from '../tables/tableMeta.js';
import { checkTags } from './createTable.js';
import { validateInput } from './interpreter.js';
import { RESOURCE_ARN, TAG_LIST, type OperationSpec } from './spec.js';

export interface TagResourceInput {
  ResourceArn: string;
  Tags: Tag[];
}

const spec: OperationSpec = {
  members: { ResourceArn: RESOURCE_ARN, Tags: { ...TAG_LIST, notNull: true } },
};

export function validateTagResource(body: Record<string, unknown>): TagResourceInput {
  return validateInput<TagResourceInput>(body, spec, (input) => checkTags(input.Tags));
}
