import type { TableSpec } from './appModel.js';
import { TemplateError } from './templateError.js';

type Props = Record<string, unknown>;

const TABLE_PROPERTIES_APPLIED = new Set([
  'TableName', 'KeySchema', 'AttributeDefinitions', 'BillingMode', 'ProvisionedThroughput', 'GlobalSecondaryIndexes',
  'LocalSecondaryIndexes', 'StreamSpecification', 'TimeToLiveSpecification', 'Tags',
]);

/** CloudFormation's `Tags: [{Key, Value}]` and SAM's `Tags: {Key: Value}` as one map. */
export function tagMap(tags: unknown, where: string): Record<string, string> {
  if (tags === undefined) return {};
  if (Array.isArray(tags)) {
    const out: Record<string, string> = {};
    for (const tag of tags as Props[]) {
      if (typeof tag?.Key !== 'string') throw new TemplateError(`${where}: every tag needs a Key`);
      out[tag.Key] = String(tag.Value ?? '');
    }
    return out;
  }
  if (typeof tags === 'object' && tags !== null) return Object.fromEntries(Object.entries(tags).map(([k, v]) => [k, String(v)]));
  throw new TemplateError(`${where}: Tags must be a list of {Key, Value} or a map`);
}

function numberOr(value: unknown, fallback: number): number {
  return value === undefined ? fallback : Number(value);
}

function throughput(value: unknown): TableSpec['ProvisionedThroughput'] {
  const p = value as Props;
  return { ReadCapacityUnits: numberOr(p.ReadCapacityUnits, 5), WriteCapacityUnits: numberOr(p.WriteCapacityUnits, 5) };
}

/** `AWS::DynamoDB::Table` -> TableSpec. Properties it cannot apply become warnings. */
export function dynamoDbTable(logicalId: string, props: Props, defaultName: string, warnings: string[]): TableSpec {
  const where = `resource ${logicalId} (AWS::DynamoDB::Table)`;
  if (!Array.isArray(props.KeySchema) || props.KeySchema.length === 0) throw new TemplateError(`${where}: KeySchema is required`);
  if (!Array.isArray(props.AttributeDefinitions)) throw new TemplateError(`${where}: AttributeDefinitions is required`);
  for (const key of Object.keys(props)) if (!TABLE_PROPERTIES_APPLIED.has(key)) warnings.push(`${where}: property ${key} is not applied`);
  const billingMode = props.BillingMode === 'PAY_PER_REQUEST' ? 'PAY_PER_REQUEST' : props.BillingMode === undefined && !props.ProvisionedThroughput ? 'PAY_PER_REQUEST' : 'PROVISIONED';
  const provisioned = billingMode === 'PROVISIONED';
  const gsis = (props.GlobalSecondaryIndexes as Props[] | undefined)?.map((gsi) => ({
    IndexName: String(gsi.IndexName),
    KeySchema: gsi.KeySchema as TableSpec['KeySchema'],
    Projection: (gsi.Projection ?? { ProjectionType: 'ALL' }) as never,
    ...(provisioned ? { ProvisionedThroughput: throughput(gsi.ProvisionedThroughput ?? props.ProvisionedThroughput ?? {}) } : {}),
  }));
  const lsis = (props.LocalSecondaryIndexes as Props[] | undefined)?.map((lsi) => ({
    IndexName: String(lsi.IndexName),
    KeySchema: lsi.KeySchema as TableSpec['KeySchema'],
    Projection: (lsi.Projection ?? { ProjectionType: 'ALL' }) as never,
  }));
  const ttl = props.TimeToLiveSpecification as Props | undefined;
  return {
    logicalId,
    TableName: typeof props.TableName === 'string' ? props.TableName : defaultName,
    KeySchema: props.KeySchema as TableSpec['KeySchema'],
    AttributeDefinitions: props.AttributeDefinitions as TableSpec['AttributeDefinitions'],
    BillingMode: billingMode,
    ...(provisioned ? { ProvisionedThroughput: throughput(props.ProvisionedThroughput ?? {}) } : {}),
    ...(gsis?.length ? { GlobalSecondaryIndexes: gsis } : {}),
    ...(lsis?.length ? { LocalSecondaryIndexes: lsis } : {}),
    ...(props.StreamSpecification ? { StreamSpecification: { StreamEnabled: true, ...(props.StreamSpecification as Props) } } : {}),
    ...(ttl && ttl.AttributeName ? { TimeToLive: { AttributeName: String(ttl.AttributeName), Enabled: ttl.Enabled === true || ttl.Enabled === 'true' } } : {}),
    Tags: tagMap(props.Tags, where),
  };
}

const SIMPLE_TYPES: Record<string, 'S' | 'N' | 'B'> = { String: 'S', Number: 'N', Binary: 'B' };

/** `AWS::Serverless::SimpleTable`: one hash key (default `id` of type String), on-demand unless throughput is given. */
export function simpleTable(logicalId: string, props: Props, defaultName: string, warnings: string[]): TableSpec {
  const where = `resource ${logicalId} (AWS::Serverless::SimpleTable)`;
  for (const key of Object.keys(props))
    if (!['TableName', 'PrimaryKey', 'ProvisionedThroughput', 'Tags'].includes(key)) warnings.push(`${where}: property ${key} is not applied`);
  const primaryKey = (props.PrimaryKey ?? { Name: 'id', Type: 'String' }) as Props;
  const type = SIMPLE_TYPES[String(primaryKey.Type ?? 'String')];
  if (!type || typeof primaryKey.Name !== 'string') throw new TemplateError(`${where}: PrimaryKey needs a Name and a Type of String, Number or Binary`);
  return {
    logicalId,
    TableName: typeof props.TableName === 'string' ? props.TableName : defaultName,
    KeySchema: [{ AttributeName: primaryKey.Name, KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: primaryKey.Name, AttributeType: type }],
    BillingMode: props.ProvisionedThroughput ? 'PROVISIONED' : 'PAY_PER_REQUEST',
    ...(props.ProvisionedThroughput ? { ProvisionedThroughput: throughput(props.ProvisionedThroughput) } : {}),
    Tags: tagMap(props.Tags, where),
  };
}
