import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { assertions } from '../helpers/assertions.js';
import { storeHarness, type StoreHarness } from '../helpers/storeHarness.js';
import { hashTable, rangeTable } from '../helpers/tables.js';

let h: StoreHarness;
let a: ReturnType<typeof assertions>;

beforeAll(async () => {
  h = await storeHarness();
  a = assertions(h);
  await a.ok('CreateTable', hashTable('put_hash'));
  await a.ok('CreateTable', rangeTable('put_range'));
  await a.ok(
    'CreateTable',
    rangeTable('put_range_s', { AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'S' }] }),
  );
  await a.ok(
    'CreateTable',
    hashTable('put_gsi', {
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'g', AttributeType: 'N' }],
      GlobalSecondaryIndexes: [{ IndexName: 'byG', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
    }),
  );
});
afterAll(() => h.close());

describe('PutItem validation', () => {
  it('requires Item', () =>
    a.assertValidation('PutItem', { TableName: 'put_hash' }, "1 validation error detected: Value null at 'item' failed to satisfy constraint: Member must not be null"));
  it('refuses a number where an S value belongs', () =>
    a.assertSerialization('PutItem', { TableName: 'put_hash', Item: { pk: { S: 1 } } }, 'NUMBER_VALUE cannot be converted to String'));
  it('refuses an empty AttributeValue', () =>
    a.assertValidation('PutItem', { TableName: 'put_hash', Item: { pk: {} } }, 'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes'));
  it('refuses ReturnValues other than ALL_OLD or NONE', () =>
    a.assertValidation('PutItem', { TableName: 'put_hash', Item: { pk: { S: 'a' } }, ReturnValues: 'ALL_NEW' }, 'ReturnValues can only be ALL_OLD or NONE'));
  it('refuses mixing Expected and ConditionExpression', () =>
    a.assertValidation(
      'PutItem',
      { TableName: 'put_hash', Item: { pk: { S: 'a' } }, Expected: { a: { Exists: false } }, ConditionExpression: 'attribute_exists(a)' },
      'Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}',
    ));
  it('refuses names without an expression', () =>
    a.assertValidation('PutItem', { TableName: 'put_hash', Item: { pk: { S: 'a' } }, ExpressionAttributeNames: { '#a': 'a' } }, 'ExpressionAttributeNames can only be specified when using expressions'));
  it('refuses values without an expression', () =>
    a.assertValidation(
      'PutItem',
      { TableName: 'put_hash', Item: { pk: { S: 'a' } }, ExpressionAttributeValues: { ':a': { S: 'a' } } },
      'ExpressionAttributeValues can only be specified when using expressions: ConditionExpression is null',
    ));
  it('refuses unused expression values', () =>
    a.assertValidation(
      'PutItem',
      { TableName: 'put_hash', Item: { pk: { S: 'a' } }, ConditionExpression: 'attribute_not_exists(pk)', ExpressionAttributeValues: { ':x': { S: 'x' } } },
      'Value provided in ExpressionAttributeValues unused in expressions: keys: {:x}',
    ));
  it('refuses items over 400 KB', () =>
    a.assertValidation('PutItem', { TableName: 'put_hash', Item: { pk: { S: 'a' }, big: { S: 'x'.repeat(400 * 1024) } } }, 'Item size has exceeded the maximum allowed size'));
});

describe('PutItem key checks', () => {
  it('answers not found for a missing table', () =>
    a.assertNotFound('PutItem', { TableName: 'put_none', Item: { pk: { S: 'a' } } }, 'Requested resource not found'));
  it('requires the key', () =>
    a.assertValidation('PutItem', { TableName: 'put_range', Item: { pk: { S: 'a' } } }, 'One or more parameter values were invalid: Missing the key sk in the item'));
  it('checks the key type', () =>
    a.assertValidation('PutItem', { TableName: 'put_range', Item: { pk: { S: 'a' }, sk: { S: '1' } } }, 'One or more parameter values were invalid: Type mismatch for key sk expected: N actual: S'));
  it('refuses an empty string key', () =>
    a.assertValidation(
      'PutItem',
      { TableName: 'put_hash', Item: { pk: { S: '' } } },
      'One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk',
    ));
  it('limits the partition key to 2048 bytes', () =>
    a.assertValidation(
      'PutItem',
      { TableName: 'put_hash', Item: { pk: { S: 'é'.repeat(1025) } } },
      'One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes',
    ));
  it('limits the sort key to 1024 bytes', () =>
    a.assertValidation(
      'PutItem',
      { TableName: 'put_range_s', Item: { pk: { S: 'a' }, sk: { S: 'x'.repeat(1025) } } },
      'One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes',
    ));
  it('checks index key types', () =>
    a.assertValidation(
      'PutItem',
      { TableName: 'put_gsi', Item: { pk: { S: 'a' }, g: { S: 'x' } } },
      'One or more parameter values were invalid: Type mismatch for Index Key g Expected: N Actual: S IndexName: byG',
    ));
});

describe('PutItem', () => {
  it('stores, replaces and returns the old item', async () => {
    expect(await a.ok('PutItem', { TableName: 'put_hash', Item: { pk: { S: 'k1' }, v: { N: '1.50' } } })).toEqual({});
    const res = await a.ok('PutItem', { TableName: 'put_hash', Item: { pk: { S: 'k1' }, w: { BOOL: true } }, ReturnValues: 'ALL_OLD' });
    // Numbers come back canonical.
    expect(res.Attributes).toEqual({ pk: { S: 'k1' }, v: { N: '1.5' } });
    expect((await a.ok('GetItem', { TableName: 'put_hash', Key: { pk: { S: 'k1' } } })).Item).toEqual({ pk: { S: 'k1' }, w: { BOOL: true } });
  });

  it('honours ConditionExpression', async () => {
    const put = { TableName: 'put_hash', Item: { pk: { S: 'c1' } }, ConditionExpression: 'attribute_not_exists(pk)' };
    await a.ok('PutItem', put);
    await a.assertConditional('PutItem', put);
  });

  it('returns the current item on condition failure when asked', async () => {
    await a.ok('PutItem', { TableName: 'put_hash', Item: { pk: { S: 'c2' }, n: { N: '1' } } });
    const res = await h.call('PutItem', {
      TableName: 'put_hash',
      Item: { pk: { S: 'c2' } },
      ConditionExpression: 'n = :two',
      ExpressionAttributeValues: { ':two': { N: '2' } },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
    expect(res.body).toEqual({
      __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',
      message: 'The conditional request failed',
      Item: { pk: { S: 'c2' }, n: { N: '1' } },
    });
  });

  it('honours the legacy Expected parameter', async () => {
    const put = { TableName: 'put_hash', Item: { pk: { S: 'e1' } }, Expected: { pk: { Exists: false } } };
    await a.ok('PutItem', put);
    await a.assertConditional('PutItem', put);
  });

  it('reports consumed capacity: 1 unit per started KB, plus index writes', async () => {
    const small = await a.ok('PutItem', { TableName: 'put_hash', Item: { pk: { S: 'cap' } }, ReturnConsumedCapacity: 'TOTAL' });
    expect(small.ConsumedCapacity).toEqual({ TableName: 'put_hash', CapacityUnits: 1 });
    const big = await a.ok('PutItem', { TableName: 'put_hash', Item: { pk: { S: 'cap' }, s: { S: 'x'.repeat(1500) } }, ReturnConsumedCapacity: 'TOTAL' });
    expect(big.ConsumedCapacity).toEqual({ TableName: 'put_hash', CapacityUnits: 2 });
    const indexed = await a.ok('PutItem', { TableName: 'put_gsi', Item: { pk: { S: 'i' }, g: { N: '1' } }, ReturnConsumedCapacity: 'INDEXES' });
    expect(indexed.ConsumedCapacity).toEqual({
      TableName: 'put_gsi',
      CapacityUnits: 2,
      Table: { CapacityUnits: 1 },
      GlobalSecondaryIndexes: { byG: { CapacityUnits: 1 } },
    });
  });
});
