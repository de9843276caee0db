import type { ActionContext } from '../context.js';
import { requireTable } from '../tables/findTable.js';
import { tableMeta } from '../tables/tableMeta.js';
import type { DescribeTableInput } from '../validations/describeTable.js';

export async function describeTimeToLive(ctx: ActionContext, input: DescribeTableInput): Promise<object> {
  const ttl = tableMeta(requireTable(ctx, input.TableName)).TimeToLive;
  if (!ttl?.Enabled) return { TimeToLiveDescription: { TimeToLiveStatus: 'DISABLED' } };
  return { TimeToLiveDescription: { TimeToLiveStatus: 'ENABLED', AttributeName: ttl.AttributeName } };
}
