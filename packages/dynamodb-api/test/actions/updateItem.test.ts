import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { assertions } from '../helpers/assertions.js';
import { storeHarness, type StoreHarness } from '../helpers/storeHarness.js';
import { hashTable } from '../helpers/tables.js';

let h: StoreHarness;
let a: ReturnType<typeof assertions>;
const T = 'upd_hash';
const key = (pk: string) => ({ pk: { S: pk } });

beforeAll(async () => {
  h = await storeHarness();
  a = assertions(h);
  await a.ok('CreateTable', hashTable(T));
});
afterAll(() => h.close());

describe('UpdateItem', () => {
  it('creates a missing item (upsert) and returns ALL_NEW', async () => {
    const res = await a.ok('UpdateItem', {
      TableName: T,
      Key: key('u1'),
      UpdateExpression: 'SET #n = :v ADD c :one',
      ExpressionAttributeNames: { '#n': 'name' },
      ExpressionAttributeValues: { ':v': { S: 'x' }, ':one': { N: '1' } },
      ReturnValues: 'ALL_NEW',
    });
    expect(res.Attributes).toEqual({ pk: { S: 'u1' }, name: { S: 'x' }, c: { N: '1' } });
  });

  it('increments and returns only the updated attributes', async () => {
    const update = { TableName: T, Key: key('u1'), UpdateExpression: 'SET c = c + :d', ExpressionAttributeValues: { ':d': { N: '2' } } };
    expect((await a.ok('UpdateItem', { ...update, ReturnValues: 'UPDATED_OLD' })).Attributes).toEqual({ c: { N: '1' } });
    expect((await a.ok('UpdateItem', { ...update, ReturnValues: 'UPDATED_NEW' })).Attributes).toEqual({ c: { N: '5' } });
  });

  it('removes attributes and returns ALL_OLD', async () => {
    const res = await a.ok('UpdateItem', { TableName: T, Key: key('u1'), UpdateExpression: 'REMOVE #n', ExpressionAttributeNames: { '#n': 'name' }, ReturnValues: 'ALL_OLD' });
    expect(res.Attributes).toEqual({ pk: { S: 'u1' }, name: { S: 'x' }, c: { N: '5' } });
    expect((await a.ok('GetItem', { TableName: T, Key: key('u1') })).Item).toEqual({ pk: { S: 'u1' }, c: { N: '5' } });
  });

  it('appends to lists and adds to sets', async () => {
    await a.ok('UpdateItem', {
      TableName: T,
      Key: key('u2'),
      UpdateExpression: 'SET l = list_append(if_not_exists(l, :empty), :x) ADD s :s',
      ExpressionAttributeValues: { ':empty': { L: [] }, ':x': { L: [{ N: '1' }] }, ':s': { SS: ['a'] } },
    });
    const res = await a.ok('UpdateItem', {
      TableName: T,
      Key: key('u2'),
      UpdateExpression: 'SET l = list_append(l, :x) ADD s :s',
      ExpressionAttributeValues: { ':x': { L: [{ N: '2' }] }, ':s': { SS: ['b'] } },
      ReturnValues: 'ALL_NEW',
    });
    expect(res.Attributes).toEqual({ pk: { S: 'u2' }, l: { L: [{ N: '1' }, { N: '2' }] }, s: { SS: ['a', 'b'] } });
  });

  it('refuses to update a key attribute', () =>
    a.assertValidation(
      'UpdateItem',
      { TableName: T, Key: key('u1'), UpdateExpression: 'SET pk = :v', ExpressionAttributeValues: { ':v': { S: 'z' } } },
      'One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key',
    ));

  it('honours ConditionExpression', async () => {
    await a.assertConditional('UpdateItem', {
      TableName: T,
      Key: key('u1'),
      UpdateExpression: 'SET c = :v',
      ConditionExpression: 'c = :other',
      ExpressionAttributeValues: { ':v': { N: '0' }, ':other': { N: '99' } },
    });
    expect((await a.ok('GetItem', { TableName: T, Key: key('u1') })).Item).toEqual({ pk: { S: 'u1' }, c: { N: '5' } });
  });

  it('supports the legacy AttributeUpdates', async () => {
    const res = await a.ok('UpdateItem', {
      TableName: T,
      Key: key('u3'),
      AttributeUpdates: { a: { Action: 'PUT', Value: { S: 'v' } }, n: { Action: 'ADD', Value: { N: '3' } }, l: { Action: 'ADD', Value: { L: [{ S: 'e' }] } } },
      ReturnValues: 'ALL_NEW',
    });
    expect(res.Attributes).toEqual({ pk: { S: 'u3' }, a: { S: 'v' }, n: { N: '3' }, l: { L: [{ S: 'e' }] } });
    await a.assertValidation(
      'UpdateItem',
      { TableName: T, Key: key('u3'), AttributeUpdates: { a: { Action: 'PUT' } } },
      'One or more parameter values were invalid: Only DELETE action is allowed when no attribute value is specified',
    );
  });

  it('reports a runtime type error in the update', () =>
    a.assertValidation(
      'UpdateItem',
      { TableName: T, Key: key('u3'), UpdateExpression: 'SET a = a + :one', ExpressionAttributeValues: { ':one': { N: '1' } } },
      'An operand in the update expression has an incorrect data type',
    ));

  it('refuses an update that makes the item too large', () =>
    a.assertValidation(
      'UpdateItem',
      { TableName: T, Key: key('u1'), UpdateExpression: 'SET big = :b', ExpressionAttributeValues: { ':b': { S: 'x'.repeat(400 * 1024) } } },
      'Item size to update has exceeded the maximum allowed size',
    ));

  it('refuses mixing legacy and expression parameters', () =>
    a.assertValidation(
      'UpdateItem',
      { TableName: T, Key: key('u1'), UpdateExpression: 'REMOVE a', AttributeUpdates: { a: { Action: 'DELETE' } } },
      'Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributeUpdates} Expression parameters: {UpdateExpression}',
    ));
});
