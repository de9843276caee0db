import type { ActionContext } from '../context.js';
import { LIMITS } from '../limits.js';
import type { ListTablesInput } from '../validations/listTables.js';

export async function listTables(ctx: ActionContext, input: ListTablesInput): Promise<object> {
  const limit = input.Limit ?? LIMITS.LIST_TABLES_MAX_LIMIT;
  const start = input.ExclusiveStartTableName;
  // The store lists names sorted as DynamoDB sorts them (by UTF-8 code units, i.e. plain < on ASCII names).
  const names = ctx.store.listTables(ctx.request.tenant).filter((name) => start === undefined || name > start);
  const page = names.slice(0, limit);
  const result: Record<string, unknown> = { TableNames: page };
  if (names.length > limit) result.LastEvaluatedTableName = page[page.length - 1];
  return result;
}
