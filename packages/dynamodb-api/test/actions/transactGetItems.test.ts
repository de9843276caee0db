import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { assertions } from '../helpers/assertions.js';
import { storeHarness, type StoreHarness } from '../helpers/storeHarness.js';
import { hashTable } from '../helpers/tables.js';

let h: StoreHarness;
let a: ReturnType<typeof assertions>;
const T = 'tx_get';
const key = (pk: string) => ({ pk: { S: pk } });

beforeAll(async () => {
  h = await storeHarness();
  a = assertions(h);
  await a.ok('CreateTable', hashTable(T));
  await a.ok('PutItem', { TableName: T, Item: { pk: { S: 'stock' }, n: { N: '0' } } });
});
afterAll(() => h.close());

describe('TransactGetItems', () => {
  it('returns one response per entry, in order', async () => {
    const res = await a.ok('TransactGetItems', {
      TransactItems: [{ Get: { TableName: T, Key: key('stock'), ProjectionExpression: 'n' } }, { Get: { TableName: T, Key: key('none') } }],
    });
    expect(res).toEqual({ Responses: [{ Item: { n: { N: '0' } } }, {}] });
  });

  it('answers not found for a missing table', () =>
    a.assertNotFound('TransactGetItems', { TransactItems: [{ Get: { TableName: 'tx_none', Key: key('a') } }] }, 'Requested resource not found'));
});
