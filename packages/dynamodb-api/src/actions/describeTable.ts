import type { ActionContext } from '../context.js';
import { requireTable } from '../tables/findTable.js';
import { tableDescription } from '../tables/tableDescription.js';
import type { DescribeTableInput } from '../validations/describeTable.js';

export async function describeTable(ctx: ActionContext, input: DescribeTableInput): Promise<object> {
  const record = requireTable(ctx, input.TableName);
  return { Table: tableDescription(record, ctx.store.tableStats(record), ctx.now()) };
}
