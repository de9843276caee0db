import type { TableRecord, TableStats } from '@kuhiro/crdt-store';
import { tableMeta, type StoredIndex, type StoredThroughput } from './tableMeta.js';

export type TableStatus = 'CREATING' | 'UPDATING' | 'DELETING' | 'ACTIVE';

/** CREATING until the activation time has passed, then ACTIVE. */
export function currentStatus(activeAtMs: number, nowMs: number): TableStatus {
  return nowMs < activeAtMs ? 'CREATING' : 'ACTIVE';
}

/**
 * The wire `TableDescription` of DescribeTable, CreateTable, UpdateTable and DeleteTable.
 * `status` overrides the computed status: CreateTable always answers CREATING and
 * DeleteTable DELETING, as AWS does.
 */
export function tableDescription(
  record: TableRecord,
  stats: TableStats | undefined,
  nowMs: number,
  status?: TableStatus,
): Record<string, unknown> {
  const meta = tableMeta(record);
  const description: Record<string, unknown> = {
    AttributeDefinitions: meta.AttributeDefinitions,
    TableName: meta.TableName,
    KeySchema: meta.KeySchema,
    TableStatus: status ?? currentStatus(meta.activeAtMs, nowMs),
    CreationDateTime: meta.CreationDateTime,
    ProvisionedThroughput: throughputDescription(meta.ProvisionedThroughput),
    TableSizeBytes: stats?.sizeBytes ?? 0,
    ItemCount: stats?.itemCount ?? 0,
    TableArn: meta.TableArn,
    TableId: meta.TableId,
  };
  if (meta.billingModeExplicit || meta.BillingMode === 'PAY_PER_REQUEST') {
    const summary: Record<string, unknown> = { BillingMode: meta.BillingMode };
    if (meta.LastUpdateToPayPerRequestDateTime !== undefined) {
      summary.LastUpdateToPayPerRequestDateTime = meta.LastUpdateToPayPerRequestDateTime;
    }
    description.BillingModeSummary = summary;
  }
  if (meta.LocalSecondaryIndexes) {
    description.LocalSecondaryIndexes = meta.LocalSecondaryIndexes.map((index) => ({
      IndexName: index.IndexName,
      KeySchema: index.KeySchema,
      Projection: index.Projection,
      IndexSizeBytes: stats?.indexes[index.IndexName]?.sizeBytes ?? 0,
      ItemCount: stats?.indexes[index.IndexName]?.itemCount ?? 0,
      IndexArn: indexArn(meta.TableArn, index),
    }));
  }
  if (meta.GlobalSecondaryIndexes) {
    description.GlobalSecondaryIndexes = meta.GlobalSecondaryIndexes.map((index) => ({
      IndexName: index.IndexName,
      KeySchema: index.KeySchema,
      Projection: index.Projection,
      IndexStatus: status === 'CREATING' ? 'CREATING' : currentStatus(index.activeAtMs, nowMs),
      // An index added to an existing table reads the table's items while CREATING; AWS omits
      // the member once the index is ACTIVE and for indexes created with the table.
      ...(status !== 'CREATING' && index.activeAtMs > meta.activeAtMs && currentStatus(index.activeAtMs, nowMs) === 'CREATING'
        ? { Backfilling: true }
        : {}),
      ProvisionedThroughput: throughputDescription(
        index.ProvisionedThroughput ?? { ReadCapacityUnits: 0, WriteCapacityUnits: 0, NumberOfDecreasesToday: 0 },
      ),
      IndexSizeBytes: stats?.indexes[index.IndexName]?.sizeBytes ?? 0,
      ItemCount: stats?.indexes[index.IndexName]?.itemCount ?? 0,
      IndexArn: indexArn(meta.TableArn, index),
    }));
  }
  if (meta.StreamSpecification) {
    description.StreamSpecification = meta.StreamSpecification;
    if (meta.LatestStreamArn !== undefined) {
      description.LatestStreamLabel = meta.LatestStreamLabel;
      description.LatestStreamArn = meta.LatestStreamArn;
    }
  }
  if (meta.TableClass !== undefined) description.TableClassSummary = { TableClass: meta.TableClass };
  description.DeletionProtectionEnabled = meta.DeletionProtectionEnabled;
  return description;
}

function throughputDescription(throughput: StoredThroughput): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  if (throughput.LastIncreaseDateTime !== undefined) result.LastIncreaseDateTime = throughput.LastIncreaseDateTime;
  if (throughput.LastDecreaseDateTime !== undefined) result.LastDecreaseDateTime = throughput.LastDecreaseDateTime;
  result.NumberOfDecreasesToday = throughput.NumberOfDecreasesToday;
  result.ReadCapacityUnits = throughput.ReadCapacityUnits;
  result.WriteCapacityUnits = throughput.WriteCapacityUnits;
  return result;
}

function indexArn(tableArn: string, index: StoredIndex): string {
  return `${tableArn}/index/${index.IndexName}`;
}
