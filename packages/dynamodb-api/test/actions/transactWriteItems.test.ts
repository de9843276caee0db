import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { assertions } from '../helpers/assertions.js';
import { storeHarness, type StoreHarness } from '../helpers/storeHarness.js';
import { hashTable } from '../helpers/tables.js';

let h: StoreHarness;
let a: ReturnType<typeof assertions>;
const T = 'tx_hash';
const key = (pk: string) => ({ pk: { S: pk } });

beforeAll(async () => {
  h = await storeHarness();
  a = assertions(h);
  await a.ok('CreateTable', hashTable(T));
  await a.ok('PutItem', { TableName: T, Item: { pk: { S: 'stock' }, n: { N: '1' } } });
});
afterAll(() => h.close());

const buyOne = (order: string) => ({
  TransactItems: [
    {
      Update: {
        TableName: T,
        Key: key('stock'),
        UpdateExpression: 'SET n = n - :one',
        ConditionExpression: 'n >= :one',
        ExpressionAttributeValues: { ':one': { N: '1' } },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
    { Put: { TableName: T, Item: { pk: { S: order } }, ConditionExpression: 'attribute_not_exists(pk)' } },
  ],
});

describe('TransactWriteItems', () => {
  it('applies all entries together', async () => {
    expect(await a.ok('TransactWriteItems', buyOne('order1'))).toEqual({});
    expect((await a.ok('GetItem', { TableName: T, Key: key('stock') })).Item).toEqual({ pk: { S: 'stock' }, n: { N: '0' } });
    expect((await a.ok('GetItem', { TableName: T, Key: key('order1') })).Item).toEqual({ pk: { S: 'order1' } });
  });

  it('cancels everything when one condition fails, with a reason per entry', async () => {
    const res = await h.call('TransactWriteItems', buyOne('order2'));
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
      message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None]',
      CancellationReasons: [
        { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed', Item: { pk: { S: 'stock' }, n: { N: '0' } } },
        { Code: 'None' },
      ],
    });
    expect((await a.ok('GetItem', { TableName: T, Key: key('order2') })).Item).toBeUndefined();
  });

  it('supports ConditionCheck and Delete', async () => {
    await a.ok('TransactWriteItems', {
      TransactItems: [
        { ConditionCheck: { TableName: T, Key: key('stock'), ConditionExpression: 'n = :z', ExpressionAttributeValues: { ':z': { N: '0' } } } },
        { Delete: { TableName: T, Key: key('order1') } },
      ],
    });
    expect((await a.ok('GetItem', { TableName: T, Key: key('order1') })).Item).toBeUndefined();
  });

  it('refuses two operations on one item', () =>
    a.assertValidation(
      'TransactWriteItems',
      { TransactItems: [{ Put: { TableName: T, Item: key('x') } }, { Delete: { TableName: T, Key: key('x') } }] },
      'Transaction request cannot include multiple operations on one item',
    ));

  it('refuses an entry with two actions', () =>
    a.assertValidation(
      'TransactWriteItems',
      { TransactItems: [{ Put: { TableName: T, Item: key('x') }, Delete: { TableName: T, Key: key('x') } }] },
      'TransactItems can only contain one of Check, Put, Update or Delete',
    ));

  it('runs a request repeated with the same ClientRequestToken once', async () => {
    await a.ok('PutItem', { TableName: T, Item: { pk: { S: 'counter' }, n: { N: '0' } } });
    const bump = {
      ClientRequestToken: 'token-1',
      TransactItems: [{ Update: { TableName: T, Key: key('counter'), UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': { N: '1' } } } }],
    };
    await a.ok('TransactWriteItems', bump);
    await a.ok('TransactWriteItems', bump);
    expect((await a.ok('GetItem', { TableName: T, Key: key('counter') })).Item).toEqual({ pk: { S: 'counter' }, n: { N: '1' } });
    const other = { ...bump, TransactItems: [{ Delete: { TableName: T, Key: key('counter') } }] };
    const res = await h.call('TransactWriteItems', other);
    expect(res.body.__type).toBe('com.amazonaws.dynamodb.v20120810#IdempotentParameterMismatchException');
  });
});
