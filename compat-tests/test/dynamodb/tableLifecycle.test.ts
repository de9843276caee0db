import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import {
  DeleteTableCommand,
  DescribeTableCommand,
  ListTablesCommand,
  UpdateTableCommand,
  waitUntilTableExists,
  waitUntilTableNotExists,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { startTarget, createTable, createKeyTable, expectValidation, expectResourceNotFound, type Target } from '@kuhiro/compat-tests';

const SLOW = 300_000;
let target: Target;
let ddb: DynamoDBClient;

beforeAll(async () => {
  target = await startTarget();
  ddb = target.dynamodb();
}, SLOW);
afterAll(async () => target?.stop(), SLOW);

const waitActive = (TableName: string) =>
  waitUntilTableExists({ client: ddb, maxWaitTime: 240, minDelay: 1, maxDelay: 5 }, { TableName });

describe('ListTables', () => {
  it('lists in name order and pages with Limit, ExclusiveStartTableName and LastEvaluatedTableName', async () => {
    const names = await Promise.all(['list-c', 'list-a', 'list-b'].map((name) => createKeyTable(target, name)));
    const [a, b, c] = [...names].sort();
    // Starting after "<prefix>list" skips other tables of this suite and of the account.
    const first = await ddb.send(new ListTablesCommand({ ExclusiveStartTableName: `${target.tablePrefix}list`, Limit: 2 }));
    expect(first.TableNames).toEqual([a, b]);
    expect(first.LastEvaluatedTableName).toBe(b);
    const second = await ddb.send(new ListTablesCommand({ ExclusiveStartTableName: first.LastEvaluatedTableName, Limit: 2 }));
    expect(second.TableNames![0]).toBe(c);
    const all = await ddb.send(new ListTablesCommand({}));
    expect(all.TableNames).toEqual(expect.arrayContaining([a, b, c]));
    expect([...all.TableNames!]).toEqual([...all.TableNames!].sort());
  }, SLOW);

  it('rejects a Limit outside 1..100', async () => {
    await expectValidation(
      ddb.send(new ListTablesCommand({ Limit: 0 })),
      "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
    await expectValidation(
      ddb.send(new ListTablesCommand({ Limit: 101 })),
      "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100",
    );
  });
});

describe('DeleteTable', () => {
  it('answers DELETING with the description, then the table is gone', async () => {
    const name = await createKeyTable(target, 'doomed');
    const { TableDescription } = await ddb.send(new DeleteTableCommand({ TableName: name }));
    expect(TableDescription).toMatchObject({ TableName: name, TableStatus: 'DELETING' });
    await waitUntilTableNotExists({ client: ddb, maxWaitTime: 240, minDelay: 1, maxDelay: 5 }, { TableName: name });
    await expectResourceNotFound(
      ddb.send(new DescribeTableCommand({ TableName: name })),
      `Requested resource not found: Table: ${name} not found`,
    );
    const { TableNames } = await ddb.send(new ListTablesCommand({ ExclusiveStartTableName: `${target.tablePrefix}doome` }));
    expect(TableNames).not.toContain(name);
  }, SLOW);

  it('says which table was not found', async () => {
    const name = `${target.tablePrefix}never`;
    await expectResourceNotFound(
      ddb.send(new DeleteTableCommand({ TableName: name })),
      `Requested resource not found: Table: ${name} not found`,
    );
  });

  it('lets a table of the same name be created again after deletion', async () => {
    const name = await createKeyTable(target, 'reborn');
    await ddb.send(new DeleteTableCommand({ TableName: name }));
    await waitUntilTableNotExists({ client: ddb, maxWaitTime: 240, minDelay: 1, maxDelay: 5 }, { TableName: name });
    await createKeyTable(target, 'reborn');
    const { Table } = await ddb.send(new DescribeTableCommand({ TableName: name }));
    expect(Table!.ItemCount).toBe(0);
  }, SLOW);
});

describe('UpdateTable', () => {
  it('switches an on-demand table to provisioned throughput', async () => {
    const name = await createKeyTable(target, 'to-provisioned');
    const { TableDescription } = await ddb.send(
      new UpdateTableCommand({ TableName: name, BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 4, WriteCapacityUnits: 6 } }),
    );
    expect(TableDescription!.TableName).toBe(name);
    expect(['UPDATING', 'ACTIVE']).toContain(TableDescription!.TableStatus);
    await waitActive(name);
    const { Table } = await ddb.send(new DescribeTableCommand({ TableName: name }));
    expect(Table).toMatchObject({
      TableStatus: 'ACTIVE',
      BillingModeSummary: { BillingMode: 'PROVISIONED' },
      ProvisionedThroughput: { ReadCapacityUnits: 4, WriteCapacityUnits: 6 },
    });
  }, SLOW);

  it('changes provisioned throughput and refuses an unchanged one', async () => {
    const name = `${target.tablePrefix}throughput`;
    await createTable(target, {
      TableName: name,
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
    });
    await expectValidation(
      ddb.send(new UpdateTableCommand({ TableName: name, ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } })),
      'The provisioned throughput for the table will not change. The requested value equals the current value. ' +
        'Current ReadCapacityUnits provisioned for the table: 1. Requested ReadCapacityUnits: 1. ' +
        'Current WriteCapacityUnits provisioned for the table: 1. Requested WriteCapacityUnits: 1. ' +
        'Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.',
    );
    await ddb.send(new UpdateTableCommand({ TableName: name, ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 3 } }));
    await waitActive(name);
    const { Table } = await ddb.send(new DescribeTableCommand({ TableName: name }));
    expect(Table!.ProvisionedThroughput).toMatchObject({ ReadCapacityUnits: 2, WriteCapacityUnits: 3 });
    expect(Table!.ProvisionedThroughput!.LastIncreaseDateTime).toBeInstanceOf(Date);
  }, SLOW);

  it('refuses throughput on an on-demand table', async () => {
    const name = await createKeyTable(target, 'ondemand-stays');
    await expectValidation(
      ddb.send(new UpdateTableCommand({ TableName: name, ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } })),
      'One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST',
    );
  }, SLOW);

  it('refuses BillingMode PROVISIONED without throughput', async () => {
    const name = await createKeyTable(target, 'needs-throughput');
    await expectValidation(
      ddb.send(new UpdateTableCommand({ TableName: name, BillingMode: 'PROVISIONED' })),
      'One or more parameter values were invalid: ProvisionedThroughput must be specified when BillingMode is PROVISIONED',
    );
  }, SLOW);

  it('answers ResourceNotFoundException for a missing table', async () => {
    await expectResourceNotFound(
      ddb.send(new UpdateTableCommand({ TableName: `${target.tablePrefix}absent`, BillingMode: 'PAY_PER_REQUEST' })),
      `Requested resource not found: Table: ${target.tablePrefix}absent not found`,
    );
  });
});
