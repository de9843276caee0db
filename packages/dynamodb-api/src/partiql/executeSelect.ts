import { applyProjection, evaluateCondition, type Item } from '@kuhiro/expressions';
import type { ActionContext } from '../context.js';
import { ValidationException } from '../errors.js';
import { consumedCapacity, readUnits, tableOnly, type ReturnConsumedCapacity } from '../items/capacity.js';
import { checkKey } from '../items/keys.js';
import { readPage } from '../items/readPage.js';
import { requireActiveTable } from '../tables/findTable.js';
import { requireIndexReadable } from '../tables/indexReadable.js';
import { topLevelEqualities, typedValuesOf } from './keyConditions.js';
import { decodeNextToken, encodeNextToken } from './nextToken.js';
import type { SelectStatement } from './statement.js';

export interface SelectOptions {
  /** The statement text, bound into NextToken. */
  source: string;
  Limit?: number;
  NextToken?: string;
  ConsistentRead?: boolean;
  ReturnConsumedCapacity?: ReturnConsumedCapacity;
}

/**
 * A SELECT as DynamoDB runs it: equalities on the whole key read one item, an equality on
 * the partition key becomes a Query, anything else a Scan; the whole WHERE clause filters
 * what was read. Limit counts items read (not matched) and a page stops at 1 MB, with a
 * NextToken when more follow.
 */
export function executeSelect(ctx: ActionContext, statement: SelectStatement, options: SelectOptions): Record<string, unknown> {
  const table = requireActiveTable(ctx, statement.table);
  const index = statement.index === undefined ? undefined : table.indexes.find((i) => i.name === statement.index);
  if (statement.index !== undefined && !index) throw new ValidationException(`The table does not have the specified index: ${statement.index}`);
  if (index?.kind === 'global' && options.ConsistentRead) {
    throw new ValidationException('Strongly consistent read is not supported on Global Secondary Indexes');
  }
  requireIndexReadable(table, statement.index, ctx.now());
  const equalities = topLevelEqualities(statement.where);
  const project = (item: Item) => (statement.projection ? applyProjection(item, statement.projection) : item);

  const fullKey = index ? undefined : typedValuesOf(equalities, [...table.key.partition, ...table.key.sort]);
  if (fullKey) {
    const item = ctx.store.getItem(table, checkKey(table, fullKey));
    const matches = item !== undefined && (statement.where === undefined || evaluateCondition(statement.where, item));
    const result: Record<string, unknown> = { Items: matches ? [project(item)] : [] };
    const capacity = consumedCapacity(options.ReturnConsumedCapacity, table.name, tableOnly(readUnits(item, options.ConsistentRead === true)));
    if (capacity) result.ConsumedCapacity = capacity;
    return result;
  }

  const exclusiveStartKey = options.NextToken === undefined ? undefined : decodeNextToken(options.source, options.NextToken);
  const schema = index ? index.key : table.key;
  const partition = typedValuesOf(equalities, schema.partition);
  const items = partition
    ? ctx.store.query(table, {
        ...(index ? { index: index.name } : {}),
        partition: schema.partition.map((k) => partition[k.name]!),
        ...(exclusiveStartKey ? { exclusiveStartKey } : {}),
      })
    : ctx.store.scan(table, { ...(index ? { index: index.name } : {}), ...(exclusiveStartKey ? { exclusiveStartKey } : {}) });
  const page = readPage(table, index?.name, items, {
    TableName: table.name,
    ...(options.Limit !== undefined ? { Limit: options.Limit } : {}),
    ...(statement.where ? { filter: statement.where } : {}),
    ...(statement.projection ? { projection: statement.projection } : {}),
    ...(options.ConsistentRead !== undefined ? { ConsistentRead: options.ConsistentRead } : {}),
    ...(options.ReturnConsumedCapacity !== undefined ? { ReturnConsumedCapacity: options.ReturnConsumedCapacity } : {}),
  });
  const result: Record<string, unknown> = { Items: page.Items };
  if (page.LastEvaluatedKey) {
    result.NextToken = encodeNextToken(options.source, page.LastEvaluatedKey as Item);
    result.LastEvaluatedKey = page.LastEvaluatedKey;
  }
  if (page.ConsumedCapacity) result.ConsumedCapacity = page.ConsumedCapacity;
  return result;
}
