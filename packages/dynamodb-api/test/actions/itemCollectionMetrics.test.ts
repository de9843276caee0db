import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { assertions } from '../helpers/assertions.js';
import { storeHarness, type StoreHarness } from '../helpers/storeHarness.js';
import { hashTable, rangeTable } from '../helpers/tables.js';

let h: StoreHarness;
let a: ReturnType<typeof assertions>;

beforeAll(async () => {
  h = await storeHarness();
  a = assertions(h);
  await a.ok(
    'CreateTable',
    rangeTable('with_lsi', {
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'N' },
        { AttributeName: 'l', AttributeType: 'S' },
      ],
      LocalSecondaryIndexes: [{ IndexName: 'byL', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'l', KeyType: 'RANGE' }], Projection: { ProjectionType: 'ALL' } }],
    }),
  );
  await a.ok('CreateTable', hashTable('without_lsi'));
});
afterAll(() => h.close());

const metrics = { ItemCollectionKey: { pk: { S: 'c' } }, SizeEstimateRangeGB: [0, 1] };

describe('ReturnItemCollectionMetrics', () => {
  it('reports the item collection of a table with LSIs on every kind of write', async () => {
    const put = await a.ok('PutItem', { TableName: 'with_lsi', Item: { pk: { S: 'c' }, sk: { N: '1' }, l: { S: 'x' } }, ReturnItemCollectionMetrics: 'SIZE' });
    expect(put.ItemCollectionMetrics).toEqual(metrics);
    const update = await a.ok('UpdateItem', { TableName: 'with_lsi', Key: { pk: { S: 'c' }, sk: { N: '1' } }, UpdateExpression: 'SET v = :v', ExpressionAttributeValues: { ':v': { N: '1' } }, ReturnItemCollectionMetrics: 'SIZE' });
    expect(update.ItemCollectionMetrics).toEqual(metrics);
    const batch = await a.ok('BatchWriteItem', {
      RequestItems: { with_lsi: [{ PutRequest: { Item: { pk: { S: 'c' }, sk: { N: '2' } } } }, { PutRequest: { Item: { pk: { S: 'd' }, sk: { N: '1' } } } }] },
      ReturnItemCollectionMetrics: 'SIZE',
    });
    expect(batch.ItemCollectionMetrics).toEqual({ with_lsi: [metrics, { ...metrics, ItemCollectionKey: { pk: { S: 'd' } } }] });
    const transact = await a.ok('TransactWriteItems', {
      TransactItems: [{ Delete: { TableName: 'with_lsi', Key: { pk: { S: 'd' }, sk: { N: '1' } } } }],
      ReturnItemCollectionMetrics: 'SIZE',
    });
    expect(transact.ItemCollectionMetrics).toEqual({ with_lsi: [{ ...metrics, ItemCollectionKey: { pk: { S: 'd' } } }] });
    const del = await a.ok('DeleteItem', { TableName: 'with_lsi', Key: { pk: { S: 'c' }, sk: { N: '1' } }, ReturnItemCollectionMetrics: 'SIZE' });
    expect(del.ItemCollectionMetrics).toEqual(metrics);
  });

  it('reports nothing without SIZE or without LSIs', async () => {
    expect(await a.ok('PutItem', { TableName: 'with_lsi', Item: { pk: { S: 'c' }, sk: { N: '3' } }, ReturnItemCollectionMetrics: 'NONE' })).toEqual({});
    expect(await a.ok('PutItem', { TableName: 'without_lsi', Item: { pk: { S: 'c' } }, ReturnItemCollectionMetrics: 'SIZE' })).toEqual({});
  });
});
