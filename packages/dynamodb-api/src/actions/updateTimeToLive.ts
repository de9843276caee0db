import type { ActionContext } from '../context.js';
import { ValidationException } from '../errors.js';
import { requireTable } from '../tables/findTable.js';
import { tableMeta, withMeta } from '../tables/tableMeta.js';
import type { UpdateTimeToLiveInput } from '../validations/updateTimeToLive.js';

/**
 * Stores the TTL setting. AWS refuses to re-enable or re-disable (scripts match on these
 * messages to stay idempotent). Expired items are not removed yet: AWS itself only promises
 * removal "within a few days", and reads return them until then.
 */
export async function updateTimeToLive(ctx: ActionContext, input: UpdateTimeToLiveInput): Promise<object> {
  const record = requireTable(ctx, input.TableName);
  const meta = tableMeta(record);
  const wanted = input.TimeToLiveSpecification;
  const enabled = meta.TimeToLive?.Enabled === true;
  if (wanted.Enabled && enabled) throw new ValidationException('TimeToLive is already enabled');
  if (!wanted.Enabled && !enabled) throw new ValidationException('TimeToLive is already disabled');
  if (!wanted.Enabled && meta.TimeToLive!.AttributeName !== wanted.AttributeName) {
    throw new ValidationException(`TimeToLive is active on a different AttributeName: current AttributeName is ${meta.TimeToLive!.AttributeName}`);
  }
  await ctx.store.updateTable(withMeta(record, { ...meta, TimeToLive: { AttributeName: wanted.AttributeName, Enabled: wanted.Enabled } }));
  return { TimeToLiveSpecification: { AttributeName: wanted.AttributeName, Enabled: wanted.Enabled } };
}
