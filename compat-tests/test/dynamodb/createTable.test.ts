import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { CreateTableCommand, DescribeTableCommand, type CreateTableCommandInput, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startTarget, createTable, expectValidation, expectResourceInUse, expectResourceNotFound, type Target } from '@kuhiro/compat-tests';

// Messages below are AWS's, as recorded by dynalite's suite against real DynamoDB
// (architect/dynalite test/createTable.js) or by AWS's API reference.
const SLOW = 180_000;
let target: Target;
let ddb: DynamoDBClient;

beforeAll(async () => {
  target = await startTarget();
  ddb = target.dynamodb();
}, SLOW);
afterAll(async () => target?.stop(), SLOW);

const hashOnly = (TableName: string): CreateTableCommandInput => ({
  TableName,
  BillingMode: 'PAY_PER_REQUEST',
  AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
  KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
});

describe('CreateTable + DescribeTable', () => {
  it('creates a hash-key on-demand table and describes it as AWS does', async () => {
    const name = `${target.tablePrefix}hash`;
    const created = await ddb.send(new CreateTableCommand(hashOnly(name)));
    // AWS answers CREATING and turns ACTIVE seconds later; an instant ACTIVE is what a user also accepts.
    expect(['CREATING', 'ACTIVE']).toContain(created.TableDescription!.TableStatus);
    await createTableWait(name);
    const { Table } = await ddb.send(new DescribeTableCommand({ TableName: name }));
    expect(Table).toMatchObject({
      TableName: name,
      TableStatus: 'ACTIVE',
      ItemCount: 0,
      TableSizeBytes: 0,
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
      // On-demand tables report zero provisioned throughput.
      ProvisionedThroughput: { ReadCapacityUnits: 0, WriteCapacityUnits: 0, NumberOfDecreasesToday: 0 },
    });
    expect(Table!.TableArn).toMatch(new RegExp(`^arn:aws:dynamodb:${target.region}:\\d{12}:table/${escapeRegExp(name)}$`));
    expect(Table!.TableId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(Table!.CreationDateTime).toBeInstanceOf(Date);
    expect(Math.abs(Table!.CreationDateTime!.getTime() - Date.now())).toBeLessThan(10 * 60_000);
  }, SLOW);

  it('creates a provisioned hash+range table with a GSI and an LSI', async () => {
    const name = `${target.tablePrefix}indexed`;
    const table = await createTable(target, {
      TableName: name,
      BillingMode: 'PROVISIONED',
      ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 3 },
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'N' },
        { AttributeName: 'gpk', AttributeType: 'S' },
        { AttributeName: 'lsk', AttributeType: 'B' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byGpk',
          KeySchema: [{ AttributeName: 'gpk', KeyType: 'HASH' }],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['extra'] },
          ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
        },
      ],
      LocalSecondaryIndexes: [
        {
          IndexName: 'byLsk',
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'lsk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ],
    });
    expect(table.TableName).toBe(name);
    const { Table } = await ddb.send(new DescribeTableCommand({ TableName: name }));
    expect(Table).toMatchObject({
      TableStatus: 'ACTIVE',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 3, NumberOfDecreasesToday: 0 },
    });
    // A provisioned table created with BillingMode PROVISIONED may or may not echo the summary; when
    // present it must say PROVISIONED.
    if (Table!.BillingModeSummary) expect(Table!.BillingModeSummary.BillingMode).toBe('PROVISIONED');
    expect(Table!.AttributeDefinitions).toHaveLength(4);
    expect(Table!.GlobalSecondaryIndexes).toHaveLength(1);
    expect(Table!.GlobalSecondaryIndexes![0]).toMatchObject({
      IndexName: 'byGpk',
      KeySchema: [{ AttributeName: 'gpk', KeyType: 'HASH' }],
      Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['extra'] },
      IndexStatus: 'ACTIVE',
      ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
      IndexSizeBytes: 0,
      ItemCount: 0,
      IndexArn: `${Table!.TableArn}/index/byGpk`,
    });
    expect(Table!.LocalSecondaryIndexes).toHaveLength(1);
    expect(Table!.LocalSecondaryIndexes![0]).toMatchObject({
      IndexName: 'byLsk',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'lsk', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'KEYS_ONLY' },
      IndexSizeBytes: 0,
      ItemCount: 0,
      IndexArn: `${Table!.TableArn}/index/byLsk`,
    });
  }, SLOW);

  it('refuses a second table of the same name with ResourceInUseException', async () => {
    const name = `${target.tablePrefix}twice`;
    await createTable(target, hashOnly(name));
    await expectResourceInUse(ddb.send(new CreateTableCommand(hashOnly(name))), `Table already exists: ${name}`);
  }, SLOW);

  it('says which table was not found on DescribeTable', async () => {
    const name = `${target.tablePrefix}missing`;
    await expectResourceNotFound(
      ddb.send(new DescribeTableCommand({ TableName: name })),
      `Requested resource not found: Table: ${name} not found`,
    );
  });
});

describe('CreateTable validation', () => {
  const invalid = 'One or more parameter values were invalid: ';
  const base = (): CreateTableCommandInput => hashOnly(`${target.tablePrefix}invalid`);

  it('rejects a key attribute missing from AttributeDefinitions', async () => {
    await expectValidation(
      ddb.send(new CreateTableCommand({ ...base(), AttributeDefinitions: [{ AttributeName: 'other', AttributeType: 'S' }] })),
      `${invalid}Some index key attributes are not defined in AttributeDefinitions. Keys: [pk], AttributeDefinitions: [other]`,
    );
  });

  it('rejects AttributeDefinitions that define more than the keys use', async () => {
    await expectValidation(
      ddb.send(
        new CreateTableCommand({
          ...base(),
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'unused', AttributeType: 'S' },
          ],
        }),
      ),
      `${invalid}Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions`,
    );
  });

  it('rejects a key schema whose first element is not HASH', async () => {
    await expectValidation(
      ddb.send(new CreateTableCommand({ ...base(), KeySchema: [{ AttributeName: 'pk', KeyType: 'RANGE' }] })),
      'Invalid KeySchema: The first KeySchemaElement is not a HASH key type',
    );
  });

  it('rejects hash and range keys of the same name', async () => {
    await expectValidation(
      ddb.send(
        new CreateTableCommand({
          ...base(),
          // Two definitions, so the "no definition" check (which AWS runs first) passes.
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'other', AttributeType: 'S' },
          ],
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'pk', KeyType: 'RANGE' },
          ],
        }),
      ),
      'Both the Hash Key and the Range Key element in the KeySchema have the same name',
    );
  });

  it('rejects PROVISIONED without throughput and PAY_PER_REQUEST with it', async () => {
    await expectValidation(
      ddb.send(new CreateTableCommand({ ...base(), BillingMode: 'PROVISIONED' })),
      `${invalid}ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED`,
    );
    await expectValidation(
      ddb.send(new CreateTableCommand({ ...base(), ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } })),
      `${invalid}Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST`,
    );
  });

  it('rejects a local secondary index on a table without a range key', async () => {
    await expectValidation(
      ddb.send(
        new CreateTableCommand({
          ...base(),
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'lsk', AttributeType: 'S' },
          ],
          LocalSecondaryIndexes: [
            {
              IndexName: 'byLsk',
              KeySchema: [
                { AttributeName: 'pk', KeyType: 'HASH' },
                { AttributeName: 'lsk', KeyType: 'RANGE' },
              ],
              Projection: { ProjectionType: 'ALL' },
            },
          ],
        }),
      ),
      `${invalid}Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex`,
    );
  });

  it('rejects a global secondary index keyed on an undefined attribute', async () => {
    await expectValidation(
      ddb.send(
        new CreateTableCommand({
          ...base(),
          GlobalSecondaryIndexes: [
            { IndexName: 'byNothing', KeySchema: [{ AttributeName: 'nothing', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } },
          ],
        }),
      ),
      `${invalid}Some index key attributes are not defined in AttributeDefinitions. Keys: [nothing], AttributeDefinitions: [pk]`,
    );
  });

  it('rejects two indexes with the same name', async () => {
    const gsi = { IndexName: 'dup', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' as const }], Projection: { ProjectionType: 'ALL' as const } };
    await expectValidation(
      ddb.send(
        new CreateTableCommand({
          ...base(),
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'g', AttributeType: 'S' },
          ],
          GlobalSecondaryIndexes: [gsi, gsi],
        }),
      ),
      `${invalid}Duplicate index name: dup`,
    );
  });

  it('rejects a table name that is too short', async () => {
    await expectValidation(
      ddb.send(new CreateTableCommand(hashOnly('ab'))),
      // Live DynamoDB answers this one outside the usual "N validation errors detected" report.
      'TableName must be at least 3 characters long and at most 255 characters long',
    );
  });

  it('rejects an unknown attribute type', async () => {
    await expectValidation(
      ddb.send(
        new CreateTableCommand({
          ...base(),
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'X' as 'S' }],
        }),
      ),
      "1 validation error detected: Value 'X' at 'attributeDefinitions.1.member.attributeType' failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]",
    );
  });
});

async function createTableWait(name: string): Promise<void> {
  const { waitUntilTableExists } = await import('@aws-sdk/client-dynamodb');
  await waitUntilTableExists({ client: ddb, maxWaitTime: 120, minDelay: 1, maxDelay: 5 }, { TableName: name });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
