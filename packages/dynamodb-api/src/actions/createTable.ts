import type { TableRecord } from '@kuhiro/crdt-store';
import type { ActionContext } from '../context.js';
import { ResourceInUseException } from '../errors.js';
import { tableDescription } from '../tables/tableDescription.js';
import { tableArn, type StoredIndex, type TableMeta } from '../tables/tableMeta.js';
import { storeIndex, storeKeySchema } from '../tables/tableRecord.js';
import type { CreateTableInput, IndexInput } from '../validations/createTable.js';

export async function createTable(ctx: ActionContext, input: CreateTableInput): Promise<object> {
  const { tenant, accountId } = ctx.request;
  const region = ctx.region;
  if (ctx.store.getTable(tenant, input.TableName)) {
    throw new ResourceInUseException(`Table already exists: ${input.TableName}`);
  }
  const nowMs = ctx.now();
  const activeAtMs = nowMs + ctx.tableActivationMs;
  const billingMode = input.BillingMode ?? 'PROVISIONED';
  const onDemand = billingMode === 'PAY_PER_REQUEST';
  const arn = tableArn(region, accountId, input.TableName);
  const toStoredIndex = (index: IndexInput, global: boolean): StoredIndex => {
    const stored: StoredIndex = { IndexName: index.IndexName, KeySchema: index.KeySchema, Projection: index.Projection, activeAtMs };
    if (global) {
      stored.ProvisionedThroughput = {
        ReadCapacityUnits: onDemand ? 0 : index.ProvisionedThroughput!.ReadCapacityUnits,
        WriteCapacityUnits: onDemand ? 0 : index.ProvisionedThroughput!.WriteCapacityUnits,
        NumberOfDecreasesToday: 0,
      };
    }
    return stored;
  };
  const meta: TableMeta = {
    TableName: input.TableName,
    TableId: ctx.newId(),
    TableArn: arn,
    CreationDateTime: nowMs / 1000,
    AttributeDefinitions: input.AttributeDefinitions,
    KeySchema: input.KeySchema,
    BillingMode: billingMode,
    billingModeExplicit: input.BillingMode !== undefined,
    ProvisionedThroughput: {
      ReadCapacityUnits: onDemand ? 0 : input.ProvisionedThroughput!.ReadCapacityUnits,
      WriteCapacityUnits: onDemand ? 0 : input.ProvisionedThroughput!.WriteCapacityUnits,
      NumberOfDecreasesToday: 0,
    },
    DeletionProtectionEnabled: input.DeletionProtectionEnabled ?? false,
    Tags: input.Tags ?? [],
    activeAtMs,
  };
  if (onDemand) meta.LastUpdateToPayPerRequestDateTime = nowMs / 1000;
  if (input.LocalSecondaryIndexes) meta.LocalSecondaryIndexes = input.LocalSecondaryIndexes.map((i) => toStoredIndex(i, false));
  if (input.GlobalSecondaryIndexes) meta.GlobalSecondaryIndexes = input.GlobalSecondaryIndexes.map((i) => toStoredIndex(i, true));
  if (input.StreamSpecification) {
    meta.StreamSpecification = input.StreamSpecification;
    if (input.StreamSpecification.StreamEnabled) {
      // The label is the creation time as AWS formats it; @kuhiro/streams serves the stream.
      meta.LatestStreamLabel = new Date(nowMs).toISOString().replace('Z', '');
      meta.LatestStreamArn = `${arn}/stream/${meta.LatestStreamLabel}`;
    }
  }
  if (input.TableClass !== undefined) meta.TableClass = input.TableClass;

  const record: TableRecord = {
    tenant,
    name: input.TableName,
    id: meta.TableId,
    key: storeKeySchema(input.KeySchema, input.AttributeDefinitions),
    indexes: [
      ...(meta.LocalSecondaryIndexes ?? []).map((i) => storeIndex(i, 'local', input.AttributeDefinitions)),
      ...(meta.GlobalSecondaryIndexes ?? []).map((i) => storeIndex(i, 'global', input.AttributeDefinitions)),
    ],
    description: meta as unknown as Record<string, unknown>,
  };
  try {
    await ctx.store.createTable(record);
  } catch (err) {
    // Two concurrent CreateTables of one name: the store refuses the second.
    if ((err as { code?: unknown }).code === 'ERR_TABLE_EXISTS') {
      throw new ResourceInUseException(`Table already exists: ${input.TableName}`);
    }
    throw err;
  }
  // AWS answers CreateTable with CREATING whatever happens next.
  return { TableDescription: tableDescription(record, undefined, nowMs, 'CREATING') };
}
