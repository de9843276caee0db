import type { ActionContext } from '../context.js';
import { tableByArn } from '../tables/tableByArn.js';
import { tableMeta } from '../tables/tableMeta.js';
import type { ListTagsOfResourceInput } from '../validations/listTagsOfResource.js';

/** A table holds at most 50 tags, so one page always holds them all (no NextToken). */
export async function listTagsOfResource(ctx: ActionContext, input: ListTagsOfResourceInput): Promise<object> {
  const record = tableByArn(ctx, input.ResourceArn);
  return { Tags: tableMeta(record).Tags };
}
