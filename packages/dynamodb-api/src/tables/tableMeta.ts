import type { TableRecord } from '@kuhiro/crdt-store';

export interface AttributeDefinition {
  AttributeName: string;
  AttributeType: 'S' | 'N' | 'B';
}

export interface KeySchemaElement {
  AttributeName: string;
  KeyType: 'HASH' | 'RANGE';
}

export interface Projection {
  ProjectionType?: 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
  NonKeyAttributes?: string[];
}

export interface Throughput {
  ReadCapacityUnits: number;
  WriteCapacityUnits: number;
}

export interface StoredThroughput extends Throughput {
  NumberOfDecreasesToday: number;
  LastIncreaseDateTime?: number;
  LastDecreaseDateTime?: number;
}

export interface Tag {
  Key: string;
  Value: string;
}

export interface StoredIndex {
  IndexName: string;
  KeySchema: KeySchemaElement[];
  Projection: Projection;
  /** GSIs only; zeros under PAY_PER_REQUEST, as AWS reports them. */
  ProvisionedThroughput?: StoredThroughput;
  /** When the index becomes ACTIVE (ms since epoch). */
  activeAtMs: number;
}

export type BillingMode = 'PROVISIONED' | 'PAY_PER_REQUEST';

/**
 * Everything DynamoDB-shaped about a table, kept in `TableRecord.description` and persisted
 * (and later replicated) by the store as an opaque blob. Dynamic parts of DescribeTable
 * (status, item counts, sizes) are computed when described, never stored.
 */
export interface TableMeta {
  TableName: string;
  TableId: string;
  TableArn: string;
  /** Seconds since the epoch, with fraction, as the wire carries it. */
  CreationDateTime: number;
  AttributeDefinitions: AttributeDefinition[];
  KeySchema: KeySchemaElement[];
  BillingMode: BillingMode;
  /** AWS only shows BillingModeSummary for tables whose billing mode was set explicitly. */
  billingModeExplicit: boolean;
  LastUpdateToPayPerRequestDateTime?: number;
  ProvisionedThroughput: StoredThroughput;
  GlobalSecondaryIndexes?: StoredIndex[];
  LocalSecondaryIndexes?: StoredIndex[];
  StreamSpecification?: { StreamEnabled: boolean; StreamViewType?: string };
  LatestStreamLabel?: string;
  LatestStreamArn?: string;
  TableClass?: string;
  /** UpdateTimeToLive's setting; absent = never enabled. */
  TimeToLive?: { AttributeName: string; Enabled: boolean };
  DeletionProtectionEnabled: boolean;
  /**
   * Tags live in the description so that they replicate with the table: the
   * `kuhiro:replication` tag chooses the table's replication scope (DESIGN.md).
   */
  Tags: Tag[];
  /** When the table becomes ACTIVE (ms since epoch); CREATING before. */
  activeAtMs: number;
}

export function tableMeta(record: TableRecord): TableMeta {
  return record.description as unknown as TableMeta;
}

export function withMeta(record: TableRecord, meta: TableMeta): TableRecord {
  return { ...record, description: meta as unknown as Record<string, unknown> };
}

export function tableArn(region: string, accountId: string, tableName: string): string {
  return `arn:aws:dynamodb:${region}:${accountId}:table/${tableName}`;
}

/** `arn:aws:dynamodb:REGION:ACCOUNT:table/NAME` -> its parts, or undefined if not a table ARN. */
export function parseTableArn(arn: string): { region: string; accountId: string; tableName: string } | undefined {
  const match = /^arn:aws[a-z-]*:dynamodb:([^:]+):([^:]+):table\/([a-zA-Z0-9_.-]{3,255})$/.exec(arn);
  if (!match) return undefined;
  return { region: match[1]!, accountId: match[2]!, tableName: match[3]! };
}
