import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { assertions } from '../helpers/assertions.js';
import { storeHarness, type StoreHarness } from '../helpers/storeHarness.js';
import { hashTable } from '../helpers/tables.js';

let h: StoreHarness;
let a: ReturnType<typeof assertions>;

beforeAll(async () => {
  h = await storeHarness();
  a = assertions(h);
  await a.ok('CreateTable', hashTable('bw_one'));
  await a.ok('CreateTable', hashTable('bw_two'));
});
afterAll(() => h.close());

const put = (pk: string) => ({ PutRequest: { Item: { pk: { S: pk } } } });

describe('BatchWriteItem', () => {
  it('puts and deletes across tables with nothing unprocessed', async () => {
    await a.ok('PutItem', { TableName: 'bw_two', Item: { pk: { S: 'gone' } } });
    const res = await a.ok('BatchWriteItem', {
      RequestItems: { bw_one: [put('a'), put('b')], bw_two: [{ DeleteRequest: { Key: { pk: { S: 'gone' } } } }] },
      ReturnConsumedCapacity: 'TOTAL',
    });
    expect(res.UnprocessedItems).toEqual({});
    expect(res.ConsumedCapacity).toEqual([
      { TableName: 'bw_one', CapacityUnits: 2 },
      { TableName: 'bw_two', CapacityUnits: 1 },
    ]);
    expect((await a.ok('Scan', { TableName: 'bw_one', Select: 'COUNT' })).Count).toBe(2);
    expect((await a.ok('GetItem', { TableName: 'bw_two', Key: { pk: { S: 'gone' } } })).Item).toBeUndefined();
  });

  it('refuses more than 25 requests', () =>
    a.assertValidation(
      'BatchWriteItem',
      { RequestItems: { bw_one: Array.from({ length: 13 }, (_, i) => put(`x${i}`)), bw_two: Array.from({ length: 13 }, (_, i) => put(`y${i}`)) } },
      'Too many items requested for the BatchWriteItem call',
    ));

  it('refuses duplicate keys and writes nothing', async () => {
    await a.assertValidation('BatchWriteItem', { RequestItems: { bw_one: [put('dup'), put('dup')] } }, 'Provided list of item keys contains duplicates');
    expect((await a.ok('GetItem', { TableName: 'bw_one', Key: { pk: { S: 'dup' } } })).Item).toBeUndefined();
  });

  it('words key mismatches as a schema mismatch', () =>
    a.assertValidation(
      'BatchWriteItem',
      { RequestItems: { bw_one: [{ PutRequest: { Item: { other: { S: 'x' } } } }] } },
      'The provided key element does not match the schema',
    ));

  it('answers not found for a missing table', () =>
    a.assertNotFound('BatchWriteItem', { RequestItems: { bw_none: [put('a')] } }, 'Requested resource not found'));

  it('requires at least one table', () =>
    a.assertValidation(
      'BatchWriteItem',
      { RequestItems: {} },
      "1 validation error detected: Value '{}' at 'requestItems' failed to satisfy constraint: Member must have length greater than or equal to 1",
    ));
});
