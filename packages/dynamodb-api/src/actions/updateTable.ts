import type { ActionContext } from '../context.js';
import { LimitExceededException, ResourceInUseException, ValidationException } from '../errors.js';
import { LIMITS } from '../limits.js';
import { requireTable } from '../tables/findTable.js';
import { currentStatus, tableDescription } from '../tables/tableDescription.js';
import { tableMeta, withMeta, type AttributeDefinition, type StoredIndex, type TableMeta } from '../tables/tableMeta.js';
import { storeIndex } from '../tables/tableRecord.js';
import { checkKeySchema, checkProjection } from '../validations/createTable.js';
import { checkStreamChange } from '../validations/tableOptions.js';
import type { GlobalSecondaryIndexUpdate, UpdateTableInput } from '../validations/updateTable.js';

const INVALID = 'One or more parameter values were invalid: ';

export async function updateTable(ctx: ActionContext, input: UpdateTableInput): Promise<object> {
  const record = requireTable(ctx, input.TableName);
  const nowMs = ctx.now();
  const current = tableMeta(record);
  if (currentStatus(current.activeAtMs, nowMs) === 'CREATING') {
    throw new ResourceInUseException(
      `Attempt to change a resource which is still in use: Table is being created: ${input.TableName}`,
    );
  }
  const meta: TableMeta = structuredClone(current);
  applyBilling(meta, input, nowMs);
  checkOneOnlineIndexChange(current, input, nowMs);
  applyIndexUpdates(meta, input, nowMs + ctx.tableActivationMs);
  if (input.DeletionProtectionEnabled !== undefined) meta.DeletionProtectionEnabled = input.DeletionProtectionEnabled;
  if (input.TableClass !== undefined) meta.TableClass = input.TableClass;
  if (input.StreamSpecification !== undefined) applyStream(meta, input.StreamSpecification, nowMs);

  const updated = withMeta(record, meta);
  updated.indexes = [
    ...(meta.LocalSecondaryIndexes ?? []).map((i) => storeIndex(i, 'local', meta.AttributeDefinitions)),
    ...(meta.GlobalSecondaryIndexes ?? []).map((i) => storeIndex(i, 'global', meta.AttributeDefinitions)),
  ];
  await ctx.store.updateTable(updated);
  const description = tableDescription(updated, ctx.store.tableStats(updated), nowMs, 'UPDATING');
  showDeletedIndexes(description, current, input);
  return { TableDescription: description };
}

const ONE_ONLINE_INDEX = 'Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table';

/**
 * AWS builds or drops one GSI at a time per table: a second Create/Delete in the same call,
 * or one while another index is still CREATING, is refused (retryable). Deleting the index
 * that is being created is how a build is cancelled, so that one passes.
 */
function checkOneOnlineIndexChange(current: TableMeta, input: UpdateTableInput, nowMs: number): void {
  const changes = (input.GlobalSecondaryIndexUpdates ?? []).filter((u) => u.Create || u.Delete);
  if (changes.length > 1) throw new LimitExceededException(ONE_ONLINE_INDEX);
  const change = changes[0];
  if (!change) return;
  const building = (current.GlobalSecondaryIndexes ?? []).filter((i) => currentStatus(i.activeAtMs, nowMs) === 'CREATING');
  if (building.some((i) => i.IndexName !== change.Delete?.IndexName)) throw new LimitExceededException(ONE_ONLINE_INDEX);
}

/** A deleted GSI is gone at once, but UpdateTable's answer lists it as DELETING, as AWS's does. */
function showDeletedIndexes(description: Record<string, unknown>, before: TableMeta, input: UpdateTableInput): void {
  const deleted = (input.GlobalSecondaryIndexUpdates ?? []).flatMap((u) => (u.Delete ? [u.Delete.IndexName] : []));
  if (deleted.length === 0) return;
  const listed = (description.GlobalSecondaryIndexes as Array<Record<string, unknown>> | undefined) ?? [];
  for (const index of before.GlobalSecondaryIndexes ?? []) {
    if (!deleted.includes(index.IndexName)) continue;
    listed.push({
      IndexName: index.IndexName,
      KeySchema: index.KeySchema,
      Projection: index.Projection,
      IndexStatus: 'DELETING',
      ProvisionedThroughput: { NumberOfDecreasesToday: 0, ReadCapacityUnits: index.ProvisionedThroughput?.ReadCapacityUnits ?? 0, WriteCapacityUnits: index.ProvisionedThroughput?.WriteCapacityUnits ?? 0 },
      IndexSizeBytes: 0,
      ItemCount: 0,
      IndexArn: `${before.TableArn}/index/${index.IndexName}`,
    });
  }
  description.GlobalSecondaryIndexes = listed;
}

function applyStream(meta: TableMeta, wanted: { StreamEnabled: boolean; StreamViewType?: string }, nowMs: number): void {
  const message = checkStreamChange(meta.TableName, meta.StreamSpecification, wanted);
  if (message) throw new ValidationException(message);
  meta.StreamSpecification = wanted;
  if (wanted.StreamEnabled) {
    // The label is the enabling time as AWS formats it; @kuhiro/streams serves the stream.
    meta.LatestStreamLabel = new Date(nowMs).toISOString().replace('Z', '');
    meta.LatestStreamArn = `${meta.TableArn}/stream/${meta.LatestStreamLabel}`;
  }
}

function applyBilling(meta: TableMeta, input: UpdateTableInput, nowMs: number): void {
  const target = input.BillingMode ?? meta.BillingMode;
  const throughput = input.ProvisionedThroughput;
  if (target === 'PAY_PER_REQUEST') {
    if (throughput) {
      throw new ValidationException(
        `${INVALID}Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST`,
      );
    }
    if (meta.BillingMode !== 'PAY_PER_REQUEST') {
      meta.BillingMode = 'PAY_PER_REQUEST';
      meta.LastUpdateToPayPerRequestDateTime = nowMs / 1000;
      meta.ProvisionedThroughput = { ...meta.ProvisionedThroughput, ReadCapacityUnits: 0, WriteCapacityUnits: 0 };
      for (const index of meta.GlobalSecondaryIndexes ?? []) {
        index.ProvisionedThroughput = { ReadCapacityUnits: 0, WriteCapacityUnits: 0, NumberOfDecreasesToday: 0 };
      }
    }
    if (input.BillingMode !== undefined) meta.billingModeExplicit = true;
    return;
  }
  // Target PROVISIONED.
  if (meta.BillingMode === 'PAY_PER_REQUEST') {
    if (!throughput) {
      throw new ValidationException(`${INVALID}ProvisionedThroughput must be specified when BillingMode is PROVISIONED`);
    }
    for (const index of meta.GlobalSecondaryIndexes ?? []) {
      const update = input.GlobalSecondaryIndexUpdates?.find((u) => u.Update?.IndexName === index.IndexName);
      if (!update?.Update?.ProvisionedThroughput) {
        throw new ValidationException(`${INVALID}ProvisionedThroughput must be specified for index: ${index.IndexName}`);
      }
    }
    meta.BillingMode = 'PROVISIONED';
    meta.billingModeExplicit = true;
    meta.ProvisionedThroughput = { ...throughput, NumberOfDecreasesToday: meta.ProvisionedThroughput.NumberOfDecreasesToday };
    return;
  }
  if (input.BillingMode !== undefined) meta.billingModeExplicit = true;
  if (!throughput) return;
  const old = meta.ProvisionedThroughput;
  if (old.ReadCapacityUnits === throughput.ReadCapacityUnits && old.WriteCapacityUnits === throughput.WriteCapacityUnits) {
    throw new ValidationException(
      'The provisioned throughput for the table will not change. The requested value equals the current value. ' +
        `Current ReadCapacityUnits provisioned for the table: ${old.ReadCapacityUnits}. Requested ReadCapacityUnits: ${throughput.ReadCapacityUnits}. ` +
        `Current WriteCapacityUnits provisioned for the table: ${old.WriteCapacityUnits}. Requested WriteCapacityUnits: ${throughput.WriteCapacityUnits}. ` +
        'Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.',
    );
  }
  const seconds = nowMs / 1000;
  const increased = throughput.ReadCapacityUnits > old.ReadCapacityUnits || throughput.WriteCapacityUnits > old.WriteCapacityUnits;
  const decreased = throughput.ReadCapacityUnits < old.ReadCapacityUnits || throughput.WriteCapacityUnits < old.WriteCapacityUnits;
  meta.ProvisionedThroughput = {
    ...old,
    ReadCapacityUnits: throughput.ReadCapacityUnits,
    WriteCapacityUnits: throughput.WriteCapacityUnits,
    ...(increased ? { LastIncreaseDateTime: seconds } : {}),
    ...(decreased ? { LastDecreaseDateTime: seconds, NumberOfDecreasesToday: old.NumberOfDecreasesToday + 1 } : {}),
  };
}

function applyIndexUpdates(meta: TableMeta, input: UpdateTableInput, activeAtMs: number): void {
  for (const definition of input.AttributeDefinitions ?? []) {
    const existing = meta.AttributeDefinitions.find((d) => d.AttributeName === definition.AttributeName);
    if (existing && existing.AttributeType !== definition.AttributeType) {
      throw new ValidationException(
        `${INVALID}Cannot change the type of an attribute in AttributeDefinitions: ${definition.AttributeName}`,
      );
    }
    if (!existing) meta.AttributeDefinitions.push(definition);
  }
  for (const update of input.GlobalSecondaryIndexUpdates ?? []) applyIndexUpdate(meta, update, activeAtMs);
  pruneUnusedDefinitions(meta);
}

function applyIndexUpdate(meta: TableMeta, update: GlobalSecondaryIndexUpdate, activeAtMs: number): void {
  const indexes = meta.GlobalSecondaryIndexes ?? [];
  if (update.Update) {
    const index = indexes.find((i) => i.IndexName === update.Update!.IndexName);
    if (!index) throw new ValidationException(`Cannot update an index that is not a GlobalSecondaryIndex: ${update.Update.IndexName}`);
    if (update.Update.ProvisionedThroughput && meta.BillingMode === 'PAY_PER_REQUEST') {
      throw new ValidationException(
        `${INVALID}Neither ReadCapacityUnits nor WriteCapacityUnits can be specified for index: ${index.IndexName} when BillingMode is PAY_PER_REQUEST`,
      );
    }
    if (update.Update.ProvisionedThroughput) {
      index.ProvisionedThroughput = { ...update.Update.ProvisionedThroughput, NumberOfDecreasesToday: index.ProvisionedThroughput?.NumberOfDecreasesToday ?? 0 };
    }
  } else if (update.Delete) {
    const name = update.Delete.IndexName;
    if (!indexes.some((i) => i.IndexName === name)) {
      throw new ValidationException(`Cannot delete an index that is not a GlobalSecondaryIndex: ${name}`);
    }
    meta.GlobalSecondaryIndexes = indexes.filter((i) => i.IndexName !== name);
    if (meta.GlobalSecondaryIndexes.length === 0) delete meta.GlobalSecondaryIndexes;
  } else if (update.Create) {
    const create = update.Create;
    const allNames = [...indexes, ...(meta.LocalSecondaryIndexes ?? [])].map((i) => i.IndexName);
    if (allNames.includes(create.IndexName)) throw new ValidationException('Attempting to create an index which already exists');
    if (indexes.length >= LIMITS.MAX_GLOBAL_SECONDARY_INDEXES) {
      throw new LimitExceededException(
        `Subscriber limit exceeded: The number of global secondary indexes per table exceeds the limit of ${LIMITS.MAX_GLOBAL_SECONDARY_INDEXES}`,
      );
    }
    const keys = create.KeySchema.map((k) => k.AttributeName);
    const definitions = meta.AttributeDefinitions.map((d: AttributeDefinition) => d.AttributeName);
    if (keys.some((key) => !definitions.includes(key))) {
      throw new ValidationException(
        `${INVALID}Some index key attributes are not defined in AttributeDefinitions. Keys: [${keys.join(', ')}], AttributeDefinitions: [${definitions.join(', ')}]`,
      );
    }
    const message = checkKeySchema(create.KeySchema) ?? checkProjection(create);
    if (message) throw new ValidationException(message);
    const onDemand = meta.BillingMode === 'PAY_PER_REQUEST';
    if (onDemand && create.ProvisionedThroughput) {
      throw new ValidationException(
        `${INVALID}ProvisionedThroughput should not be specified for index: ${create.IndexName} when BillingMode is PAY_PER_REQUEST`,
      );
    }
    if (!onDemand && !create.ProvisionedThroughput) {
      throw new ValidationException(`${INVALID}ProvisionedThroughput is not specified for index: ${create.IndexName}`);
    }
    const stored: StoredIndex = {
      IndexName: create.IndexName,
      KeySchema: create.KeySchema,
      Projection: create.Projection,
      ProvisionedThroughput: {
        ReadCapacityUnits: create.ProvisionedThroughput?.ReadCapacityUnits ?? 0,
        WriteCapacityUnits: create.ProvisionedThroughput?.WriteCapacityUnits ?? 0,
        NumberOfDecreasesToday: 0,
      },
      activeAtMs,
    };
    meta.GlobalSecondaryIndexes = [...indexes, stored];
  }
}

/** AttributeDefinitions list exactly the key attributes in use; a deleted GSI's go with it. */
function pruneUnusedDefinitions(meta: TableMeta): void {
  const used = new Set<string>(meta.KeySchema.map((k) => k.AttributeName));
  for (const index of [...(meta.LocalSecondaryIndexes ?? []), ...(meta.GlobalSecondaryIndexes ?? [])]) {
    for (const key of index.KeySchema) used.add(key.AttributeName);
  }
  meta.AttributeDefinitions = meta.AttributeDefinitions.filter((d) => used.has(d.AttributeName));
}
