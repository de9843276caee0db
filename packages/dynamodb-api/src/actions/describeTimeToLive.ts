import type { ActionContext } from '../context.js';
import { ValidationException } from '../errors.js';
import { requireTable } from '../tables/findTable.js';
import { currentStatus } from '../tables/tableDescription.js';
import { tableMeta } from '../tables/tableMeta.js';
import type { DescribeTableInput } from '../validations/describeTable.js';

export async function describeTimeToLive(ctx: ActionContext, input: DescribeTableInput): Promise<object> {
  const meta = tableMeta(requireTable(ctx, input.TableName));
  if (currentStatus(meta.activeAtMs, ctx.now()) === 'CREATING') {
    throw new ValidationException('Cannot describe time to live while table is in CREATING state: Current table state is CREATING');
  }
  const ttl = meta.TimeToLive;
  if (!ttl?.Enabled) return { TimeToLiveDescription: { TimeToLiveStatus: 'DISABLED' } };
  return { TimeToLiveDescription: { TimeToLiveStatus: 'ENABLED', AttributeName: ttl.AttributeName } };
}
