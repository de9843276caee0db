import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ListTagsOfResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type DynamoDBClient,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import type { TableSpec } from './appModel.js';
import { isErrorNamed, sleep, type PlanItem } from './planItem.js';

async function describe(client: DynamoDBClient, name: string): Promise<TableDescription | undefined> {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: name }))).Table;
  } catch (err) {
    if (isErrorNamed(err, 'ResourceNotFoundException')) return undefined;
    throw err;
  }
}

/** ACTIVE table and indexes; GSI backfills take minutes on AWS, so this polls with a growing delay. */
export async function waitForTableActive(client: DynamoDBClient, name: string, timeoutMs = 30 * 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 100; ; delay = Math.min(delay * 2, 5_000)) {
    const table = await describe(client, name);
    if (table?.TableStatus === 'ACTIVE' && (table.GlobalSecondaryIndexes ?? []).every((gsi) => gsi.IndexStatus === 'ACTIVE')) return;
    if (Date.now() > deadline) throw new Error(`table ${name} is not ACTIVE after ${timeoutMs / 1000} s`);
    await sleep(delay);
  }
}

function keyText(keys: { AttributeName?: string; KeyType?: string }[] | undefined): string {
  return (keys ?? []).map((k) => `${k.AttributeName}:${k.KeyType}`).join(',');
}

function billingOf(table: TableDescription): string {
  return table.BillingModeSummary?.BillingMode ?? 'PROVISIONED';
}

function currentTtl(status: { TimeToLiveStatus?: string; AttributeName?: string } | undefined): string | undefined {
  return status && (status.TimeToLiveStatus === 'ENABLED' || status.TimeToLiveStatus === 'ENABLING') ? status.AttributeName : undefined;
}

/** Compares the template's table with the target's and returns what deploy would do. */
export async function planTable(client: DynamoDBClient, spec: TableSpec): Promise<PlanItem> {
  const base = { kind: 'table' as const, logicalId: spec.logicalId, name: spec.TableName };
  const current = await describe(client, spec.TableName);
  const wantedTtl = spec.TimeToLive?.Enabled ? spec.TimeToLive.AttributeName : undefined;
  if (!current) {
    return {
      ...base, action: 'create', details: [],
      apply: async () => {
        const tags = Object.entries(spec.Tags).map(([Key, Value]) => ({ Key, Value }));
        await client.send(new CreateTableCommand({
          TableName: spec.TableName, KeySchema: spec.KeySchema, AttributeDefinitions: spec.AttributeDefinitions, BillingMode: spec.BillingMode,
          ProvisionedThroughput: spec.ProvisionedThroughput, GlobalSecondaryIndexes: spec.GlobalSecondaryIndexes, LocalSecondaryIndexes: spec.LocalSecondaryIndexes,
          StreamSpecification: spec.StreamSpecification, ...(tags.length ? { Tags: tags } : {}),
        }));
        await waitForTableActive(client, spec.TableName);
        if (wantedTtl) await client.send(new UpdateTimeToLiveCommand({ TableName: spec.TableName, TimeToLiveSpecification: { AttributeName: wantedTtl, Enabled: true } }));
      },
    };
  }
  if (keyText(current.KeySchema) !== keyText(spec.KeySchema))
    throw new Error(`table ${spec.TableName} exists with key schema ${keyText(current.KeySchema)} but the template has ${keyText(spec.KeySchema)}; DynamoDB cannot change a table's keys: delete the table or give it another name`);

  const steps: { detail: string; run: () => Promise<unknown> }[] = [];
  const billingChanged = billingOf(current) !== spec.BillingMode;
  const throughputChanged = spec.BillingMode === 'PROVISIONED' &&
    (current.ProvisionedThroughput?.ReadCapacityUnits !== spec.ProvisionedThroughput?.ReadCapacityUnits ||
      current.ProvisionedThroughput?.WriteCapacityUnits !== spec.ProvisionedThroughput?.WriteCapacityUnits);
  if (billingChanged || throughputChanged)
    steps.push({
      detail: billingChanged ? `billing ${billingOf(current)} -> ${spec.BillingMode}` : 'provisioned throughput',
      run: () => client.send(new UpdateTableCommand({ TableName: spec.TableName, BillingMode: spec.BillingMode, ProvisionedThroughput: spec.ProvisionedThroughput })),
    });

  const currentGsis = new Map((current.GlobalSecondaryIndexes ?? []).map((g) => [g.IndexName!, g]));
  const wantedGsis = new Map((spec.GlobalSecondaryIndexes ?? []).map((g) => [g.IndexName!, g]));
  for (const [name, gsi] of currentGsis) {
    const wanted = wantedGsis.get(name);
    if (wanted && keyText(wanted.KeySchema) === keyText(gsi.KeySchema)) continue;
    // A changed index is dropped and built again: DynamoDB cannot change an index's keys in place.
    steps.push({ detail: `delete index ${name}`, run: () => client.send(new UpdateTableCommand({ TableName: spec.TableName, GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: name } }] })) });
  }
  for (const [name, gsi] of wantedGsis) {
    const existing = currentGsis.get(name);
    if (existing && keyText(existing.KeySchema) === keyText(gsi.KeySchema)) continue;
    // UpdateTable creates one index per call.
    steps.push({
      detail: `create index ${name}`,
      run: () => client.send(new UpdateTableCommand({ TableName: spec.TableName, AttributeDefinitions: spec.AttributeDefinitions, GlobalSecondaryIndexUpdates: [{ Create: gsi }] })),
    });
  }

  const ttl = currentTtl((await client.send(new DescribeTimeToLiveCommand({ TableName: spec.TableName }))).TimeToLiveDescription);
  if (ttl !== wantedTtl) {
    if (ttl) steps.push({ detail: `TTL off (${ttl})`, run: () => client.send(new UpdateTimeToLiveCommand({ TableName: spec.TableName, TimeToLiveSpecification: { AttributeName: ttl, Enabled: false } })) });
    if (wantedTtl) steps.push({ detail: `TTL on ${wantedTtl}`, run: () => client.send(new UpdateTimeToLiveCommand({ TableName: spec.TableName, TimeToLiveSpecification: { AttributeName: wantedTtl, Enabled: true } })) });
  }

  const arn = current.TableArn!;
  const tags = Object.fromEntries(((await client.send(new ListTagsOfResourceCommand({ ResourceArn: arn }))).Tags ?? []).map((t) => [t.Key!, t.Value ?? '']));
  const toSet = Object.entries(spec.Tags).filter(([k, v]) => tags[k] !== v);
  // Tags under aws: belong to AWS (CloudFormation, say): never ours to remove.
  const toRemove = Object.keys(tags).filter((k) => !(k in spec.Tags) && !k.startsWith('aws:'));
  if (toSet.length) steps.push({ detail: `tag ${toSet.map(([k]) => k).join(', ')}`, run: () => client.send(new TagResourceCommand({ ResourceArn: arn, Tags: toSet.map(([Key, Value]) => ({ Key, Value })) })) });
  if (toRemove.length) steps.push({ detail: `untag ${toRemove.join(', ')}`, run: () => client.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: toRemove })) });

  return {
    ...base,
    action: steps.length ? 'update' : 'unchanged',
    details: steps.map((s) => s.detail),
    apply: async (progress) => {
      for (const step of steps) {
        progress(`  table ${spec.TableName}: ${step.detail}`);
        await step.run();
        await waitForTableActive(client, spec.TableName);
      }
    },
  };
}
