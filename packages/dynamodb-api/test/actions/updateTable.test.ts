import { describe, expect, it } from '@jest/globals';
import { assertions } from '../helpers/assertions.js';
import { catalogHarness } from '../helpers/harness.js';
import { hashTable, rangeTable } from '../helpers/tables.js';
import { NOTHING_TO_UPDATE } from '../../src/validations/updateTable.js';

type Table = Record<string, any>;

describe('UpdateTable', () => {
  it('requires something to update', async () => {
    const { assertValidation } = assertions(catalogHarness());
    await assertValidation('UpdateTable', { TableName: 'abc' }, NOTHING_TO_UPDATE);
  });

  it('changes throughput and counts decreases', async () => {
    const h = catalogHarness();
    const { ok } = assertions(h);
    await ok('CreateTable', rangeTable('tput'));
    const res = await ok('UpdateTable', { TableName: 'tput', ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 5 } });
    expect((res.TableDescription as Table).TableStatus).toBe('UPDATING');
    const table = (await ok('DescribeTable', { TableName: 'tput' })).Table as Table;
    expect(table.TableStatus).toBe('ACTIVE');
    expect(table.ProvisionedThroughput).toEqual({
      LastDecreaseDateTime: 1_700_000_000,
      NumberOfDecreasesToday: 1,
      ReadCapacityUnits: 2,
      WriteCapacityUnits: 5,
    });
  });

  it('refuses unchanged throughput', async () => {
    const h = catalogHarness();
    const { ok, assertValidation } = assertions(h);
    await ok('CreateTable', rangeTable('same'));
    await assertValidation(
      'UpdateTable',
      { TableName: 'same', ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 } },
      'The provisioned throughput for the table will not change. The requested value equals the current value. ' +
        'Current ReadCapacityUnits provisioned for the table: 5. Requested ReadCapacityUnits: 5. ' +
        'Current WriteCapacityUnits provisioned for the table: 5. Requested WriteCapacityUnits: 5. ' +
        'Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.',
    );
  });

  it('switches billing modes both ways', async () => {
    const h = catalogHarness();
    const { ok, assertValidation } = assertions(h);
    await ok('CreateTable', rangeTable('bill'));
    await ok('UpdateTable', { TableName: 'bill', BillingMode: 'PAY_PER_REQUEST' });
    let table = (await ok('DescribeTable', { TableName: 'bill' })).Table as Table;
    expect(table.BillingModeSummary.BillingMode).toBe('PAY_PER_REQUEST');
    expect(table.ProvisionedThroughput.ReadCapacityUnits).toBe(0);
    await assertValidation(
      'UpdateTable',
      { TableName: 'bill', ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } },
      'One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST',
    );
    await ok('UpdateTable', { TableName: 'bill', BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 3, WriteCapacityUnits: 4 } });
    table = (await ok('DescribeTable', { TableName: 'bill' })).Table as Table;
    expect(table.BillingModeSummary.BillingMode).toBe('PROVISIONED');
    expect(table.ProvisionedThroughput.WriteCapacityUnits).toBe(4);
  });

  it('creates and deletes a GSI', async () => {
    const h = catalogHarness();
    const { ok } = assertions(h);
    await ok('CreateTable', hashTable('gsis'));
    await ok('UpdateTable', {
      TableName: 'gsis',
      AttributeDefinitions: [{ AttributeName: 'g', AttributeType: 'S' }],
      GlobalSecondaryIndexUpdates: [{ Create: { IndexName: 'byG', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } } }],
    });
    let table = (await ok('DescribeTable', { TableName: 'gsis' })).Table as Table;
    expect(table.GlobalSecondaryIndexes.map((i: Table) => [i.IndexName, i.IndexStatus])).toEqual([['byG', 'ACTIVE']]);
    expect(table.AttributeDefinitions).toHaveLength(2);
    await ok('UpdateTable', { TableName: 'gsis', GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: 'byG' } }] });
    table = (await ok('DescribeTable', { TableName: 'gsis' })).Table as Table;
    expect(table.GlobalSecondaryIndexes).toBeUndefined();
    expect(table.AttributeDefinitions).toEqual([{ AttributeName: 'pk', AttributeType: 'S' }]);
  });

  it('refuses two updates of one index', async () => {
    const { assertValidation } = assertions(catalogHarness());
    await assertValidation(
      'UpdateTable',
      { TableName: 'abc', GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: 'idx' } }, { Delete: { IndexName: 'idx' } }] },
      'One or more parameter values were invalid: Only one global secondary index update per index is allowed simultaneously. Index: idx',
    );
  });

  it('enables a stream once and refuses re-enabling', async () => {
    const h = catalogHarness();
    const { ok, assertValidation } = assertions(h);
    await ok('CreateTable', hashTable('streamed'));
    await assertValidation(
      'UpdateTable',
      { TableName: 'streamed', StreamSpecification: { StreamEnabled: true } },
      'One or more parameter values were invalid: If stream is being enabled then UpdateViewType is required',
    );
    await ok('UpdateTable', { TableName: 'streamed', StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' } });
    const table = (await ok('DescribeTable', { TableName: 'streamed' })).Table as Table;
    expect(table.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_IMAGE' });
    expect(table.LatestStreamArn).toMatch(/^arn:aws:dynamodb:us-east-1:000000000000:table\/streamed\/stream\//);
    await assertValidation(
      'UpdateTable',
      { TableName: 'streamed', StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' } },
      'Table already has an enabled stream: TableName: streamed',
    );
  });

  it('keeps deletion protection and table class changes alone', async () => {
    const { assertValidation } = assertions(catalogHarness());
    await assertValidation(
      'UpdateTable',
      { TableName: 'abc', DeletionProtectionEnabled: true, BillingMode: 'PAY_PER_REQUEST' },
      'One or more parameter values were invalid: DeletionProtection modification must be the only operation in the request',
    );
    await assertValidation(
      'UpdateTable',
      { TableName: 'abc', TableClass: 'GLACIER' },
      'Invalid table-class parameter provided. Please try again with a valid table-class value: [STANDARD, STANDARD_INFREQUENT_ACCESS].',
    );
  });

  it('refuses GSI changes AWS refuses', async () => {
    const h = catalogHarness();
    const { ok, assertValidation } = assertions(h);
    await ok('CreateTable', hashTable('gsi_rules'));
    await assertValidation(
      'UpdateTable',
      { TableName: 'gsi_rules', GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: 'nope' } }] },
      'Cannot delete an index that is not a GlobalSecondaryIndex: nope',
    );
    await assertValidation(
      'UpdateTable',
      {
        TableName: 'gsi_rules',
        AttributeDefinitions: [{ AttributeName: 'g', AttributeType: 'S' }],
        GlobalSecondaryIndexUpdates: [{ Create: { IndexName: 'byG', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }], Projection: { ProjectionType: 'INCLUDE' } } }],
      },
      'One or more parameter values were invalid: ProjectionType is INCLUDE, but NonKeyAttributes is not specified',
    );
  });
});
