import { describe, expect, it } from '@jest/globals';
import { assertions } from '../helpers/assertions.js';
import { catalogHarness } from '../helpers/harness.js';
import { hashTable } from '../helpers/tables.js';

type Index = { IndexName: string; IndexStatus: string; Backfilling?: boolean; ItemCount: number; IndexSizeBytes: number };
const LIMIT = 'com.amazonaws.dynamodb.v20120810#LimitExceededException';
const createG = (name: string, attribute = 'g') => ({
  Create: { IndexName: name, KeySchema: [{ AttributeName: attribute, KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } },
});

describe('UpdateTable GlobalSecondaryIndexUpdates', () => {
  it('backfills a new GSI: CREATING with Backfilling, unreadable, then ACTIVE with the items counted', async () => {
    const h = catalogHarness({ tableActivationMs: 1000 });
    const { ok, assertValidation, assertInUse } = assertions(h);
    await ok('CreateTable', hashTable('backfill'));
    h.clock.nowMs += 1000;
    for (const pk of ['a', 'b', 'c']) await ok('PutItem', { TableName: 'backfill', Item: { pk: { S: pk }, ...(pk !== 'c' ? { g: { S: 'G' } } : {}) } });
    const created = await ok('UpdateTable', {
      TableName: 'backfill',
      AttributeDefinitions: [{ AttributeName: 'g', AttributeType: 'S' }],
      GlobalSecondaryIndexUpdates: [createG('byG')],
    });
    const answered = (created.TableDescription as { GlobalSecondaryIndexes: Index[] }).GlobalSecondaryIndexes[0]!;
    expect([answered.IndexStatus, answered.Backfilling]).toEqual(['CREATING', true]);

    await assertValidation(
      'Query',
      { TableName: 'backfill', IndexName: 'byG', KeyConditionExpression: 'g = :g', ExpressionAttributeValues: { ':g': { S: 'G' } } },
      'Cannot read from backfilling global secondary index: byG',
    );
    await assertValidation('ExecuteStatement', { Statement: `SELECT * FROM "backfill"."byG"` }, 'Cannot read from backfilling global secondary index: byG');
    const second = await h.call('UpdateTable', {
      TableName: 'backfill',
      AttributeDefinitions: [{ AttributeName: 'h', AttributeType: 'S' }],
      GlobalSecondaryIndexUpdates: [createG('byH', 'h')],
    });
    expect(second.body).toEqual({ __type: LIMIT, message: 'Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table' });
    await assertInUse('DeleteTable', { TableName: 'backfill' }, 'Cannot delete table while indexes are being created, updated, or deleted');

    h.clock.nowMs += 1000;
    const index = ((await ok('DescribeTable', { TableName: 'backfill' })).Table as { GlobalSecondaryIndexes: Index[] }).GlobalSecondaryIndexes[0]!;
    expect(index.IndexStatus).toBe('ACTIVE');
    expect(index.Backfilling).toBeUndefined();
    // Items written before the index existed are in it; the one without `g` is not.
    expect(index.ItemCount).toBe(2);
    expect(index.IndexSizeBytes).toBeGreaterThan(0);
    const query = await ok('Query', { TableName: 'backfill', IndexName: 'byG', KeyConditionExpression: 'g = :g', ExpressionAttributeValues: { ':g': { S: 'G' } } });
    expect(query.Count).toBe(2);
  });

  it('deletes a GSI (answering DELETING) and refuses two index changes in one call', async () => {
    const h = catalogHarness();
    const { ok } = assertions(h);
    await ok('CreateTable', hashTable('gsi_delete'));
    await ok('UpdateTable', { TableName: 'gsi_delete', AttributeDefinitions: [{ AttributeName: 'g', AttributeType: 'S' }], GlobalSecondaryIndexUpdates: [createG('byG')] });
    const both = await h.call('UpdateTable', {
      TableName: 'gsi_delete',
      AttributeDefinitions: [{ AttributeName: 'h', AttributeType: 'S' }],
      GlobalSecondaryIndexUpdates: [createG('byH', 'h'), { Delete: { IndexName: 'byG' } }],
    });
    expect(both.body.__type).toBe(LIMIT);
    const deleted = await ok('UpdateTable', { TableName: 'gsi_delete', GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: 'byG' } }] });
    expect((deleted.TableDescription as { GlobalSecondaryIndexes: Index[] }).GlobalSecondaryIndexes.map((i) => [i.IndexName, i.IndexStatus])).toEqual([['byG', 'DELETING']]);
    expect(((await ok('DescribeTable', { TableName: 'gsi_delete' })).Table as { GlobalSecondaryIndexes?: Index[] }).GlobalSecondaryIndexes).toBeUndefined();
  });

  it('refuses a new index key that AttributeDefinitions does not define, and an existing name', async () => {
    const h = catalogHarness();
    const { ok, assertValidation } = assertions(h);
    await ok('CreateTable', hashTable('gsi_defs'));
    await assertValidation(
      'UpdateTable',
      { TableName: 'gsi_defs', GlobalSecondaryIndexUpdates: [createG('byG')] },
      'One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [g], AttributeDefinitions: [pk]',
    );
    await ok('UpdateTable', { TableName: 'gsi_defs', AttributeDefinitions: [{ AttributeName: 'g', AttributeType: 'S' }], GlobalSecondaryIndexUpdates: [createG('byG')] });
    await assertValidation(
      'UpdateTable',
      { TableName: 'gsi_defs', AttributeDefinitions: [{ AttributeName: 'g', AttributeType: 'S' }], GlobalSecondaryIndexUpdates: [createG('byG')] },
      'Attempting to create an index which already exists',
    );
  });
});
