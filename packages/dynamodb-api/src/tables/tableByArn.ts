import type { TableRecord } from '@kuhiro/crdt-store';
import type { ActionContext } from '../context.js';
import { ResourceNotFoundException, ValidationException } from '../errors.js';
import { parseTableArn } from './tableMeta.js';

/**
 * The table a tagging call names by ARN. An ARN of another account or region is as absent
 * as a missing table; AWS's not-found message keeps its "ResourcArn" typo.
 */
export function tableByArn(ctx: ActionContext, arn: string): TableRecord {
  const parsed = parseTableArn(arn);
  if (!parsed) throw new ValidationException(`Invalid TableArn: Invalid ResourceArn provided as input ${arn}`);
  const { accountId, tenant } = ctx.request;
  const region = ctx.region;
  const record =
    parsed.accountId === accountId && parsed.region === region ? ctx.store.getTable(tenant, parsed.tableName) : undefined;
  if (!record) throw new ResourceNotFoundException(`Requested resource not found: ResourcArn: ${arn} not found`);
  return record;
}
