import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { assertions } from '../helpers/assertions.js';
import { storeHarness, type StoreHarness } from '../helpers/storeHarness.js';
import { hashTable } from '../helpers/tables.js';

let h: StoreHarness;
let a: ReturnType<typeof assertions>;

beforeAll(async () => {
  h = await storeHarness();
  a = assertions(h);
  await a.ok('CreateTable', hashTable('del_hash'));
});
afterAll(() => h.close());

describe('DeleteItem', () => {
  it('deletes and returns the old item', async () => {
    await a.ok('PutItem', { TableName: 'del_hash', Item: { pk: { S: 'd1' }, v: { S: 'x' } } });
    const res = await a.ok('DeleteItem', { TableName: 'del_hash', Key: { pk: { S: 'd1' } }, ReturnValues: 'ALL_OLD' });
    expect(res).toEqual({ Attributes: { pk: { S: 'd1' }, v: { S: 'x' } } });
    expect(await a.ok('GetItem', { TableName: 'del_hash', Key: { pk: { S: 'd1' } } })).toEqual({});
  });

  it('succeeds quietly for a missing item', async () => {
    expect(await a.ok('DeleteItem', { TableName: 'del_hash', Key: { pk: { S: 'none' } }, ReturnValues: 'ALL_OLD' })).toEqual({});
  });

  it('honours ConditionExpression and keeps the item when it fails', async () => {
    await a.ok('PutItem', { TableName: 'del_hash', Item: { pk: { S: 'd2' }, v: { N: '1' } } });
    await a.assertConditional('DeleteItem', {
      TableName: 'del_hash',
      Key: { pk: { S: 'd2' } },
      ConditionExpression: 'v > :n',
      ExpressionAttributeValues: { ':n': { N: '5' } },
    });
    expect((await a.ok('GetItem', { TableName: 'del_hash', Key: { pk: { S: 'd2' } } })).Item).toEqual({ pk: { S: 'd2' }, v: { N: '1' } });
  });

  it('refuses ReturnValues other than ALL_OLD or NONE', () =>
    a.assertValidation('DeleteItem', { TableName: 'del_hash', Key: { pk: { S: 'a' } }, ReturnValues: 'UPDATED_NEW' }, 'ReturnValues can only be ALL_OLD or NONE'));

  it('refuses a bad ReturnValues enum before anything else', () =>
    a.assertValidation(
      'DeleteItem',
      { TableName: 'del_hash', Key: { pk: { S: 'a' } }, ReturnValues: 'SOME' },
      "1 validation error detected: Value 'SOME' at 'returnValues' failed to satisfy constraint: Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]",
    ));
});
