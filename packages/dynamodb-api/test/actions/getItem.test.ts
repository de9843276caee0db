import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { assertions } from '../helpers/assertions.js';
import { storeHarness, type StoreHarness } from '../helpers/storeHarness.js';
import { hashTable, rangeTable } from '../helpers/tables.js';

let h: StoreHarness;
let a: ReturnType<typeof assertions>;
const item = { pk: { S: 'g1' }, sk: { N: '1' }, a: { M: { b: { S: 'x' }, c: { N: '2' } } }, l: { L: [{ S: 'l0' }, { S: 'l1' }] }, s: { S: 'y'.repeat(5000) } };

beforeAll(async () => {
  h = await storeHarness();
  a = assertions(h);
  await a.ok('CreateTable', rangeTable('get_range'));
  await a.ok('CreateTable', hashTable('get_hash'));
  await a.ok('PutItem', { TableName: 'get_range', Item: item });
});
afterAll(() => h.close());

describe('GetItem', () => {
  it('returns the item', async () => {
    expect(await a.ok('GetItem', { TableName: 'get_range', Key: { pk: { S: 'g1' }, sk: { N: '1' } } })).toEqual({ Item: item });
  });

  it('returns nothing for a missing item', async () => {
    expect(await a.ok('GetItem', { TableName: 'get_range', Key: { pk: { S: 'g1' }, sk: { N: '2' } } })).toEqual({});
  });

  it('projects with ProjectionExpression and names', async () => {
    const res = await a.ok('GetItem', {
      TableName: 'get_range',
      Key: { pk: { S: 'g1' }, sk: { N: '1' } },
      ProjectionExpression: '#a.b, l[1], zzz',
      ExpressionAttributeNames: { '#a': 'a' },
    });
    expect(res.Item).toEqual({ a: { M: { b: { S: 'x' } } }, l: { L: [{ S: 'l1' }] } });
  });

  it('projects with the legacy AttributesToGet', async () => {
    const res = await a.ok('GetItem', { TableName: 'get_range', Key: { pk: { S: 'g1' }, sk: { N: '1' } }, AttributesToGet: ['pk', 'l'] });
    expect(res.Item).toEqual({ pk: item.pk, l: item.l });
  });

  it('charges 0.5 per 4 KB eventually consistent and 1 strongly consistent', async () => {
    const key = { pk: { S: 'g1' }, sk: { N: '1' } };
    const eventual = await a.ok('GetItem', { TableName: 'get_range', Key: key, ReturnConsumedCapacity: 'TOTAL' });
    expect(eventual.ConsumedCapacity).toEqual({ TableName: 'get_range', CapacityUnits: 1 });
    const strong = await a.ok('GetItem', { TableName: 'get_range', Key: key, ConsistentRead: true, ReturnConsumedCapacity: 'TOTAL' });
    expect(strong.ConsumedCapacity).toEqual({ TableName: 'get_range', CapacityUnits: 2 });
    const missing = await a.ok('GetItem', { TableName: 'get_hash', Key: { pk: { S: 'none' } }, ReturnConsumedCapacity: 'TOTAL' });
    expect(missing.ConsumedCapacity).toEqual({ TableName: 'get_hash', CapacityUnits: 0.5 });
  });

  it('refuses a key that does not match the schema', async () => {
    const message = 'The provided key element does not match the schema';
    await a.assertValidation('GetItem', { TableName: 'get_range', Key: { pk: { S: 'g1' } } }, message);
    await a.assertValidation('GetItem', { TableName: 'get_range', Key: { pk: { S: 'g1' }, sk: { S: '1' } } }, message);
    await a.assertValidation('GetItem', { TableName: 'get_range', Key: { pk: { S: 'g1' }, other: { N: '1' } } }, message);
  });

  it('refuses an empty string key', () =>
    a.assertValidation(
      'GetItem',
      { TableName: 'get_hash', Key: { pk: { S: '' } } },
      'One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk',
    ));

  it('refuses mixing AttributesToGet and ProjectionExpression', () =>
    a.assertValidation(
      'GetItem',
      { TableName: 'get_hash', Key: { pk: { S: 'a' } }, AttributesToGet: ['a'], ProjectionExpression: 'a' },
      'Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}',
    ));

  it('answers not found for a missing table', () =>
    a.assertNotFound('GetItem', { TableName: 'get_none', Key: { pk: { S: 'a' } } }, 'Requested resource not found'));

  it('requires Key', () =>
    a.assertValidation('GetItem', { TableName: 'get_hash' }, "1 validation error detected: Value null at 'key' failed to satisfy constraint: Member must not be null"));
});
