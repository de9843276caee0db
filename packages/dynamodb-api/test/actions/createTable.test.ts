import { describe, expect, it } from '@jest/globals';
import { assertions } from '../helpers/assertions.js';
import { catalogHarness } from '../helpers/harness.js';

const h = catalogHarness();
const { assertValidation, assertSerialization, assertInUse, ok } = assertions(h);

const hashTable = (name: string, extra: Record<string, unknown> = {}) => ({
  TableName: name,
  AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
  KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
  BillingMode: 'PAY_PER_REQUEST',
  ...extra,
});

const rangeDefs = [
  { AttributeName: 'a', AttributeType: 'S' },
  { AttributeName: 'b', AttributeType: 'S' },
];
const rangeKey = [
  { AttributeName: 'a', KeyType: 'HASH' },
  { AttributeName: 'b', KeyType: 'RANGE' },
];

describe('CreateTable serialization', () => {
  it('refuses a number where a string belongs', () =>
    assertSerialization('CreateTable', { TableName: 23 }, 'NUMBER_VALUE cannot be converted to String'));
  it('refuses a decimal where a string belongs', () =>
    assertSerialization('CreateTable', { TableName: 2.5 }, 'DECIMAL_VALUE cannot be converted to String'));
  it('refuses a boolean where a string belongs', () =>
    assertSerialization('CreateTable', { TableName: true }, 'TRUE_VALUE cannot be converted to String'));
  it('refuses an object where a string belongs', () =>
    assertSerialization('CreateTable', { TableName: {} }, 'Start of structure or map found where not expected'));
  it('refuses a list where a string belongs', () =>
    assertSerialization('CreateTable', { TableName: [] }, 'Unrecognized collection type class java.lang.String'));
  it('refuses a scalar where a list belongs', () =>
    assertSerialization('CreateTable', { TableName: 'abc', KeySchema: 'x' }, 'Unexpected field type'));
  it('refuses a scalar list element where a structure belongs', () =>
    assertSerialization('CreateTable', { TableName: 'abc', KeySchema: ['x'] }, 'Unexpected value type in payload'));
  it('refuses a list where a structure belongs', () =>
    assertSerialization(
      'CreateTable',
      { TableName: 'abc', ProvisionedThroughput: [] },
      'Unrecognized collection type class com.amazonaws.dynamodb.v20120810.ProvisionedThroughput',
    ));
  it('refuses a string where a Long belongs', () =>
    assertSerialization(
      'CreateTable',
      { TableName: 'abc', ProvisionedThroughput: { ReadCapacityUnits: '1' } },
      'STRING_VALUE cannot be converted to Long',
    ));
});

describe('CreateTable validation', () => {
  it('requires TableName', () =>
    assertValidation('CreateTable', {}, "The parameter 'TableName' is required but was not present in the request"));
  it('checks TableName length first', () =>
    assertValidation('CreateTable', { TableName: 'a;' }, 'TableName must be at least 3 characters long and at most 255 characters long'));
  it('gathers constraint failures into one message', () =>
    assertValidation(
      'CreateTable',
      { TableName: 'abc;' },
      '3 validation errors detected: ' +
        "Value null at 'attributeDefinitions' failed to satisfy constraint: Member must not be null; " +
        "Value 'abc;' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; " +
        "Value null at 'keySchema' failed to satisfy constraint: Member must not be null",
    ));
  it('names list members by 1-based position', () =>
    assertValidation(
      'CreateTable',
      { TableName: 'abc', AttributeDefinitions: [{ AttributeName: 'b', AttributeType: 'SS' }], KeySchema: [{ AttributeName: 'a' }] },
      '2 validation errors detected: ' +
        "Value 'SS' at 'attributeDefinitions.1.member.attributeType' failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]; " +
        "Value null at 'keySchema.1.member.keyType' failed to satisfy constraint: Member must not be null",
    ));
  it('reports capacity below 1', () =>
    assertValidation(
      'CreateTable',
      { TableName: 'abc', AttributeDefinitions: [], KeySchema: [rangeKey[0]], ProvisionedThroughput: { ReadCapacityUnits: 0, WriteCapacityUnits: 1 } },
      "1 validation error detected: Value '0' at 'provisionedThroughput.readCapacityUnits' failed to satisfy constraint: Member must have value greater than or equal to 1",
    ));
  it('requires throughput for PROVISIONED', () =>
    assertValidation(
      'CreateTable',
      { TableName: 'abc', AttributeDefinitions: rangeDefs, KeySchema: rangeKey },
      'One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED',
    ));
  it('refuses throughput for PAY_PER_REQUEST', () =>
    assertValidation(
      'CreateTable',
      hashTable('abc', { ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } }),
      'One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST',
    ));
  it('bounds capacity', () =>
    assertValidation(
      'CreateTable',
      { ...hashTable('abc'), BillingMode: undefined, ProvisionedThroughput: { ReadCapacityUnits: 1000000000001, WriteCapacityUnits: 1 } },
      'Given value 1000000000001 for ReadCapacityUnits is out of bounds',
    ));
  it('requires key attributes to be defined', () =>
    assertValidation(
      'CreateTable',
      hashTable('abc', { AttributeDefinitions: [{ AttributeName: 'b', AttributeType: 'S' }] }),
      'One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [pk], AttributeDefinitions: [b]',
    ));
  it('refuses more keys than definitions', () =>
    assertValidation('CreateTable', hashTable('abc', { AttributeDefinitions: [], KeySchema: rangeKey }), 'Invalid KeySchema: Some index key attribute have no definition'));
  it('refuses extra definitions without indexes', () =>
    assertValidation(
      'CreateTable',
      hashTable('abc', { AttributeDefinitions: [...rangeDefs, { AttributeName: 'pk', AttributeType: 'S' }] }),
      'One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions',
    ));
  it('refuses a second HASH key', () =>
    assertValidation(
      'CreateTable',
      hashTable('abc', { AttributeDefinitions: rangeDefs, KeySchema: [rangeKey[0], { AttributeName: 'b', KeyType: 'HASH' }] }),
      'Invalid KeySchema: The second KeySchemaElement is not a RANGE key type',
    ));
  it('refuses an LSI on a hash-only table', () =>
    assertValidation(
      'CreateTable',
      hashTable('abc', {
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'c', AttributeType: 'S' }],
        LocalSecondaryIndexes: [{ IndexName: 'lsi', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'c', KeyType: 'RANGE' }], Projection: { ProjectionType: 'ALL' } }],
      }),
      'One or more parameter values were invalid: Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex',
    ));
  it('refuses an LSI with another hash key', () =>
    assertValidation(
      'CreateTable',
      hashTable('abc', {
        AttributeDefinitions: [...rangeDefs, { AttributeName: 'c', AttributeType: 'S' }],
        KeySchema: rangeKey,
        LocalSecondaryIndexes: [{ IndexName: 'lsi', KeySchema: [{ AttributeName: 'c', KeyType: 'HASH' }, { AttributeName: 'b', KeyType: 'RANGE' }], Projection: { ProjectionType: 'ALL' } }],
      }),
      'One or more parameter values were invalid: Index KeySchema does not have the same leading hash key as table KeySchema for index: lsi. index hash key: c, table hash key: a',
    ));
  it('refuses NonKeyAttributes unless INCLUDE', () =>
    assertValidation(
      'CreateTable',
      hashTable('abc', {
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'g', AttributeType: 'N' }],
        GlobalSecondaryIndexes: [{ IndexName: 'gsi', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL', NonKeyAttributes: ['x'] } }],
      }),
      'One or more parameter values were invalid: ProjectionType is ALL, but NonKeyAttributes is specified',
    ));
  it('refuses GSI throughput under PAY_PER_REQUEST', () =>
    assertValidation(
      'CreateTable',
      hashTable('abc', {
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'g', AttributeType: 'N' }],
        GlobalSecondaryIndexes: [{ IndexName: 'gsi', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' }, ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } }],
      }),
      'One or more parameter values were invalid: ProvisionedThroughput should not be specified for index: gsi when BillingMode is PAY_PER_REQUEST',
    ));
  it('refuses unused attribute definitions when indexes exist', () =>
    assertValidation(
      'CreateTable',
      hashTable('abc', {
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'g', AttributeType: 'N' }, { AttributeName: 'x', AttributeType: 'S' }],
        GlobalSecondaryIndexes: [{ IndexName: 'gsi', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
      }),
      'One or more parameter values were invalid: Some AttributeDefinitions are not used. AttributeDefinitions: [pk, g, x], keys used: [pk, g]',
    ));
  it('refuses a duplicated attribute definition', () =>
    assertValidation(
      'CreateTable',
      hashTable('abc', {
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'g', AttributeType: 'N' }, { AttributeName: 'g', AttributeType: 'N' }],
        GlobalSecondaryIndexes: [{ IndexName: 'gsi', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
      }),
      'Attribute Name is duplicated: g',
    ));
  it('requires a view type for an enabled stream', () =>
    assertValidation(
      'CreateTable',
      hashTable('abc', { StreamSpecification: { StreamEnabled: true } }),
      'One or more parameter values were invalid: Table is being created with a stream enabled, UpdateViewType is required',
    ));
  it('limits GSIs to 20', () =>
    assertValidation(
      'CreateTable',
      hashTable('abc', {
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'g', AttributeType: 'N' }],
        GlobalSecondaryIndexes: Array.from({ length: 21 }, (_, i) => ({
          IndexName: `gsi${i}`, KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' },
        })),
      }),
      'One or more parameter values were invalid: GlobalSecondaryIndex count exceeds the per-table limit of 20',
    ));
});

describe('CreateTable', () => {
  it('answers CREATING with the full description', async () => {
    const body = await ok('CreateTable', {
      TableName: 'created',
      AttributeDefinitions: [...rangeDefs, { AttributeName: 'g', AttributeType: 'N' }],
      KeySchema: rangeKey,
      ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 3 },
      GlobalSecondaryIndexes: [
        { IndexName: 'byG', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' }, ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } },
      ],
      Tags: [{ Key: 'kuhiro:replication', Value: 'local' }],
    });
    const table = body.TableDescription as Record<string, unknown>;
    expect(table).toEqual({
      AttributeDefinitions: [...rangeDefs, { AttributeName: 'g', AttributeType: 'N' }],
      TableName: 'created',
      KeySchema: rangeKey,
      TableStatus: 'CREATING',
      CreationDateTime: 1_700_000_000,
      ProvisionedThroughput: { NumberOfDecreasesToday: 0, ReadCapacityUnits: 5, WriteCapacityUnits: 3 },
      TableSizeBytes: 0,
      ItemCount: 0,
      TableArn: 'arn:aws:dynamodb:us-east-1:000000000000:table/created',
      TableId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byG',
          KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }],
          Projection: { ProjectionType: 'KEYS_ONLY' },
          IndexStatus: 'CREATING',
          ProvisionedThroughput: { NumberOfDecreasesToday: 0, ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
          IndexSizeBytes: 0,
          ItemCount: 0,
          IndexArn: 'arn:aws:dynamodb:us-east-1:000000000000:table/created/index/byG',
        },
      ],
      DeletionProtectionEnabled: false,
    });
  });

  it('reports PAY_PER_REQUEST with zero throughput', async () => {
    const body = await ok('CreateTable', hashTable('onDemand'));
    const table = body.TableDescription as Record<string, unknown>;
    expect(table.BillingModeSummary).toEqual({ BillingMode: 'PAY_PER_REQUEST', LastUpdateToPayPerRequestDateTime: 1_700_000_000 });
    expect(table.ProvisionedThroughput).toEqual({ NumberOfDecreasesToday: 0, ReadCapacityUnits: 0, WriteCapacityUnits: 0 });
  });

  it('refuses a second table of the same name', async () => {
    await ok('CreateTable', hashTable('twice'));
    await assertInUse('CreateTable', hashTable('twice'), 'Table already exists: twice');
  });

  it('does not mutate the request body', async () => {
    const body = hashTable('untouched', { Unknown: 1 });
    const copy = structuredClone(body);
    await ok('CreateTable', body);
    expect(body).toEqual(copy);
  });
});
