import type { ActionContext } from '../context.js';
import { ValidationException } from '../errors.js';
import { LIMITS } from '../limits.js';
import { tableByArn } from '../tables/tableByArn.js';
import { tableMeta, withMeta } from '../tables/tableMeta.js';
import type { TagResourceInput } from '../validations/tagResource.js';

export async function tagResource(ctx: ActionContext, input: TagResourceInput): Promise<object> {
  const record = tableByArn(ctx, input.ResourceArn);
  const meta = tableMeta(record);
  const tags = new Map(meta.Tags.map((t) => [t.Key, t.Value]));
  for (const tag of input.Tags) tags.set(tag.Key, tag.Value);
  if (tags.size > LIMITS.MAX_TAGS_PER_RESOURCE) {
    throw new ValidationException('The number of tags exceeds the limit of 50');
  }
  const Tags = [...tags].map(([Key, Value]) => ({ Key, Value }));
  await ctx.store.updateTable(withMeta(record, { ...meta, Tags }));
  return {};
}
