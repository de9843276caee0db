import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { assertions } from '../helpers/assertions.js';
import { storeHarness, type StoreHarness } from '../helpers/storeHarness.js';
import { rangeTable } from '../helpers/tables.js';

let h: StoreHarness;
let a: ReturnType<typeof assertions>;
const T = 'query_range';

beforeAll(async () => {
  h = await storeHarness();
  a = assertions(h);
  await a.ok(
    'CreateTable',
    rangeTable(T, {
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'N' },
        { AttributeName: 'g', AttributeType: 'S' },
      ],
      GlobalSecondaryIndexes: [
        { IndexName: 'byG', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' }, ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } },
      ],
    }),
  );
  for (let i = 1; i <= 5; i++) {
    await a.ok('PutItem', { TableName: T, Item: { pk: { S: 'p' }, sk: { N: String(i) }, odd: { BOOL: i % 2 === 1 }, g: { S: 'G' } } });
  }
  await a.ok('PutItem', { TableName: T, Item: { pk: { S: 'other' }, sk: { N: '1' } } });
});
afterAll(() => h.close());

const q = (extra: Record<string, unknown> = {}) => ({
  TableName: T,
  KeyConditionExpression: 'pk = :p',
  ExpressionAttributeValues: { ':p': { S: 'p' } },
  ...extra,
});

describe('Query', () => {
  it('returns one partition in sort order, forward and backward', async () => {
    const forward = await a.ok('Query', q({ ProjectionExpression: 'sk' }));
    expect(forward.Items).toEqual([1, 2, 3, 4, 5].map((n) => ({ sk: { N: String(n) } })));
    expect([forward.Count, forward.ScannedCount]).toEqual([5, 5]);
    const backward = await a.ok('Query', q({ ProjectionExpression: 'sk', ScanIndexForward: false }));
    expect((backward.Items as unknown[])[0]).toEqual({ sk: { N: '5' } });
  });

  it('applies sort key conditions', async () => {
    const res = await a.ok('Query', {
      TableName: T,
      KeyConditionExpression: 'pk = :p AND sk BETWEEN :lo AND :hi',
      ExpressionAttributeValues: { ':p': { S: 'p' }, ':lo': { N: '2' }, ':hi': { N: '4' } },
      Select: 'COUNT',
    });
    expect(res).toEqual({ Count: 3, ScannedCount: 3 });
  });

  it('pages by Limit with LastEvaluatedKey, filtering after the page', async () => {
    const first = await a.ok('Query', q({ Limit: 2, FilterExpression: 'odd = :t', ExpressionAttributeValues: { ':p': { S: 'p' }, ':t': { BOOL: true } } }));
    expect([first.Count, first.ScannedCount]).toEqual([1, 2]);
    expect(first.LastEvaluatedKey).toEqual({ pk: { S: 'p' }, sk: { N: '2' } });
    const rest = await a.ok('Query', q({ ExclusiveStartKey: first.LastEvaluatedKey }));
    expect((rest.Items as Array<{ sk: { N: string } }>).map((i) => i.sk.N)).toEqual(['3', '4', '5']);
    expect(rest.LastEvaluatedKey).toBeUndefined();
  });

  it('queries a GSI and returns its projection with the index key in LastEvaluatedKey', async () => {
    const res = await a.ok('Query', {
      TableName: T,
      IndexName: 'byG',
      KeyConditionExpression: 'g = :g',
      ExpressionAttributeValues: { ':g': { S: 'G' } },
      Limit: 1,
    });
    expect(res.Count).toBe(1);
    expect(Object.keys(res.LastEvaluatedKey as object).sort()).toEqual(['g', 'pk', 'sk']);
    const charged = await a.ok('Query', {
      TableName: T,
      IndexName: 'byG',
      KeyConditionExpression: 'g = :g',
      ExpressionAttributeValues: { ':g': { S: 'G' } },
      ReturnConsumedCapacity: 'INDEXES',
    });
    expect(charged.ConsumedCapacity).toEqual({
      TableName: T,
      CapacityUnits: 0.5,
      Table: { CapacityUnits: 0 },
      GlobalSecondaryIndexes: { byG: { CapacityUnits: 0.5 } },
    });
  });

  it('refuses conditions AWS cannot serve', async () => {
    await a.assertValidation('Query', { TableName: T }, 'Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.');
    await a.assertValidation('Query', q({ KeyConditionExpression: 'sk = :p' }), 'Query condition missed key schema element: pk');
    await a.assertValidation(
      'Query',
      q({ FilterExpression: 'sk > :p' }),
      'Filter Expression can only contain non-primary key attributes: Primary key attribute: sk',
    );
    await a.assertValidation('Query', q({ IndexName: 'nope' }), 'The table does not have the specified index: nope');
    await a.assertValidation('Query', q({ IndexName: 'byG', KeyConditionExpression: 'g = :p', ConsistentRead: true }), 'Consistent reads are not supported on global secondary indexes');
    await a.assertValidation(
      'Query',
      q({ ExclusiveStartKey: { pk: { S: 'other' }, sk: { N: '1' } } }),
      'The provided starting key is outside query boundaries based on provided conditions',
    );
    await a.assertValidation('Query', q({ ExclusiveStartKey: { pk: { S: 'p' } } }), 'The provided starting key is invalid');
  });

  it('serves the legacy KeyConditions and QueryFilter', async () => {
    const res = await a.ok('Query', {
      TableName: T,
      KeyConditions: {
        pk: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'p' }] },
        sk: { ComparisonOperator: 'GE', AttributeValueList: [{ N: '2' }] },
      },
      QueryFilter: { odd: { ComparisonOperator: 'EQ', AttributeValueList: [{ BOOL: true }] } },
      AttributesToGet: ['sk'],
    });
    expect(res.Items).toEqual([{ sk: { N: '3' } }, { sk: { N: '5' } }]);
    expect(res.ScannedCount).toBe(4);
  });

  it('refuses legacy key conditions AWS cannot index', async () => {
    await a.assertValidation(
      'Query',
      { TableName: T, KeyConditions: { pk: { ComparisonOperator: 'NE', AttributeValueList: [{ S: 'p' }] } } },
      'Attempted conditional constraint is not an indexable operation',
    );
    await a.assertValidation(
      'Query',
      { TableName: T, KeyConditions: { pk: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'p' }] } }, QueryFilter: { sk: { ComparisonOperator: 'NOT_NULL' } } },
      'QueryFilter can only contain non-primary key attributes: Primary key attribute: sk',
    );
    await a.assertValidation(
      'Query',
      { TableName: T, KeyConditions: { pk: { ComparisonOperator: 'EQ', AttributeValueList: [] } } },
      'One or more parameter values were invalid: Invalid number of argument(s) for the EQ ComparisonOperator',
    );
  });

  it('fetches unprojected attributes of an LSI from the table', async () => {
    await a.ok(
      'CreateTable',
      rangeTable('query_lsi', {
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'N' },
          { AttributeName: 'l', AttributeType: 'S' },
        ],
        LocalSecondaryIndexes: [
          { IndexName: 'byL', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'l', KeyType: 'RANGE' }], Projection: { ProjectionType: 'KEYS_ONLY' } },
        ],
      }),
    );
    const item = { pk: { S: 'p' }, sk: { N: '1' }, l: { S: 'x' }, extra: { S: 'not projected' } };
    await a.ok('PutItem', { TableName: 'query_lsi', Item: item });
    const query = { TableName: 'query_lsi', IndexName: 'byL', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'p' } } };
    expect((await a.ok('Query', query)).Items).toEqual([{ pk: item.pk, sk: item.sk, l: item.l }]);
    expect((await a.ok('Query', { ...query, Select: 'ALL_ATTRIBUTES' })).Items).toEqual([item]);
  });

  // The key schema handed to the key-condition analysis is cached per key schema object, and
  // expression texts per text: a table re-created under the same name with other key types, and
  // the same KeyConditionExpression with other values, must be judged afresh.
  it('judges a re-created table by its new key types and each request by its own values', async () => {
    const name = 'query_recreated';
    const keyCondition = { TableName: name, KeyConditionExpression: 'pk = :p AND sk >= :from', ExpressionAttributeValues: { ':p': { S: 'p' }, ':from': { N: '2' } } };
    await a.ok('CreateTable', rangeTable(name));
    for (let i = 1; i <= 4; i++) await a.ok('PutItem', { TableName: name, Item: { pk: { S: 'p' }, sk: { N: String(i) } } });
    const numeric = await a.ok('Query', { ...keyCondition, Limit: 2 });
    expect((numeric.Items as Array<{ sk: { N: string } }>).map((item) => item.sk.N)).toEqual(['2', '3']);
    expect(numeric.LastEvaluatedKey).toEqual({ pk: { S: 'p' }, sk: { N: '3' } });
    const later = await a.ok('Query', { ...keyCondition, ExpressionAttributeValues: { ':p': { S: 'p' }, ':from': { N: '4' } } });
    expect((later.Items as Array<{ sk: { N: string } }>).map((item) => item.sk.N)).toEqual(['4']);
    expect(later.LastEvaluatedKey).toBeUndefined();

    await a.ok('DeleteTable', { TableName: name });
    await a.ok(
      'CreateTable',
      rangeTable(name, {
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
      }),
    );
    await a.assertValidation('Query', keyCondition, 'One or more parameter values were invalid: Condition parameter type does not match schema type');
    await a.ok('PutItem', { TableName: name, Item: { pk: { S: 'p' }, sk: { S: 'b' } } });
    const strings = await a.ok('Query', { ...keyCondition, ExpressionAttributeValues: { ':p': { S: 'p' }, ':from': { S: 'a' } } });
    expect(strings.Items).toEqual([{ pk: { S: 'p' }, sk: { S: 'b' } }]);
  });
});
