import type { ActionContext } from '../context.js';
import { ValidationException } from '../errors.js';
import { tableByArn } from '../tables/tableByArn.js';
import { tableMeta, withMeta } from '../tables/tableMeta.js';
import type { TagResourceInput } from '../validations/tagResource.js';
import { checkTags } from '../validations/tableOptions.js';

export async function tagResource(ctx: ActionContext, input: TagResourceInput): Promise<object> {
  const record = tableByArn(ctx, input.ResourceArn);
  const meta = tableMeta(record);
  const limit = checkTags(input.Tags, meta.Tags);
  if (limit) throw new ValidationException(limit);
  const tags = new Map(meta.Tags.map((t) => [t.Key, t.Value]));
  for (const tag of input.Tags) tags.set(tag.Key, tag.Value);
  const Tags = [...tags].map(([Key, Value]) => ({ Key, Value }));
  await ctx.store.updateTable(withMeta(record, { ...meta, Tags }));
  return {};
}
