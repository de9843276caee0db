import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { assertions } from '../helpers/assertions.js';
import { storeHarness, type StoreHarness } from '../helpers/storeHarness.js';
import { hashTable } from '../helpers/tables.js';

let h: StoreHarness;
let a: ReturnType<typeof assertions>;

beforeAll(async () => {
  h = await storeHarness();
  a = assertions(h);
  await a.ok('CreateTable', hashTable('bg_one'));
  for (const pk of ['a', 'b']) await a.ok('PutItem', { TableName: 'bg_one', Item: { pk: { S: pk }, v: { S: `v${pk}` } } });
});
afterAll(() => h.close());

describe('BatchGetItem', () => {
  it('returns the items found, projected', async () => {
    const res = await a.ok('BatchGetItem', {
      RequestItems: { bg_one: { Keys: [{ pk: { S: 'a' } }, { pk: { S: 'b' } }, { pk: { S: 'none' } }], ProjectionExpression: 'v' } },
    });
    expect(res.UnprocessedKeys).toEqual({});
    const items = (res.Responses as Record<string, Array<{ v: { S: string } }>>).bg_one!;
    expect(items.map((i) => i.v.S).sort()).toEqual(['va', 'vb']);
  });

  it('refuses duplicate keys', () =>
    a.assertValidation(
      'BatchGetItem',
      { RequestItems: { bg_one: { Keys: [{ pk: { S: 'a' } }, { pk: { S: 'a' } }] } } },
      'Provided list of item keys contains duplicates',
    ));

  it('refuses keys that do not match the schema', () =>
    a.assertValidation('BatchGetItem', { RequestItems: { bg_one: { Keys: [{ x: { S: 'a' } }] } } }, 'The provided key element does not match the schema'));
});
