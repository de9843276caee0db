import type { ActionContext } from '../context.js';
import { tableByArn } from '../tables/tableByArn.js';
import { tableMeta, withMeta } from '../tables/tableMeta.js';
import type { UntagResourceInput } from '../validations/untagResource.js';

export async function untagResource(ctx: ActionContext, input: UntagResourceInput): Promise<object> {
  const record = tableByArn(ctx, input.ResourceArn);
  const meta = tableMeta(record);
  const Tags = meta.Tags.filter((tag) => !input.TagKeys.includes(tag.Key));
  await ctx.store.updateTable(withMeta(record, { ...meta, Tags }));
  return {};
}
