import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { OPERATIONS } from '../src/index.js';
import { catalogHarness } from './helpers/harness.js';
import { hashTable } from './helpers/tables.js';

const h = catalogHarness();
const operations = Object.keys(OPERATIONS);

/** Bodies shaped like real requests, with members of random JSON types at random depths. */
const memberNames = fc.constantFrom(
  'TableName', 'Key', 'Item', 'KeySchema', 'AttributeDefinitions', 'ProvisionedThroughput', 'BillingMode',
  'ConditionExpression', 'UpdateExpression', 'ProjectionExpression', 'ExpressionAttributeNames',
  'ExpressionAttributeValues', 'ReturnValues', 'Limit', 'ExclusiveStartKey', 'RequestItems', 'TransactItems',
  'KeyConditionExpression', 'FilterExpression', 'Expected', 'AttributeUpdates', 'Tags', 'ResourceArn', 'Select',
  'GlobalSecondaryIndexes', 'Segment', 'TotalSegments', 'S', 'N', 'B', 'M', 'L', 'SS', 'pk',
);
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom('rob', 'pk', '', 'a;b', '#n', ':v', 'SET a = :v', 'AAE=', 'ALL_OLD', 'PAY_PER_REQUEST', '1'),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(memberNames, tie('value'), { maxKeys: 4 }),
  ),
}));
const body = fc.dictionary(memberNames, json.value, { maxKeys: 6 });

/** AttributeValues, mostly valid, sometimes not (empty sets, bad numbers, two types). */
const attributeValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.record({ S: fc.string({ maxLength: 5 }) }),
    fc.record({ N: fc.constantFrom('1', '-2.50', '1e3', 'x', '', '1'.repeat(40)) }),
    fc.record({ B: fc.constantFrom('AAE=', '', 'abc') }),
    fc.record({ BOOL: fc.boolean() }),
    fc.record({ NULL: fc.boolean() }),
    fc.record({ SS: fc.array(fc.constantFrom('a', 'b', ''), { maxLength: 3 }) }),
    fc.record({ NS: fc.array(fc.constantFrom('1', '2', 'x'), { maxLength: 3 }) }),
    fc.record({ L: fc.array(tie('value'), { maxLength: 3 }) }),
    fc.record({ M: fc.dictionary(fc.constantFrom('a', 'b', 'c'), tie('value'), { maxKeys: 3 }) }),
    fc.constant({ S: 'a', N: '1' }),
    fc.constant({}),
  ),
}));
const item = fc.dictionary(fc.constantFrom('pk', 'a', 'b', 'c', 'n'), attributeValue.value, { maxKeys: 4 });
const path = fc.constantFrom('a', 'b', 'n', 'a.b', 'a[0]', 'c[2].x', '#n', 'pk');
const value = fc.constantFrom(':v', ':w', 'n', 'a');
const updateExpression = fc.oneof(
  fc.tuple(path, value).map(([p, v]) => `SET ${p} = ${v}`),
  fc.tuple(path, value).map(([p, v]) => `SET ${p} = ${p} + ${v}`),
  fc.tuple(path, value).map(([p, v]) => `SET ${p} = list_append(if_not_exists(${p}, :w), ${v})`),
  fc.tuple(path, value).map(([p, v]) => `ADD ${p} ${v}`),
  fc.tuple(path, value).map(([p, v]) => `DELETE ${p} ${v}`),
  path.map((p) => `REMOVE ${p}`),
);
const conditionExpression = fc.oneof(
  path.map((p) => `attribute_exists(${p})`),
  fc.tuple(path, value).map(([p, v]) => `${p} > ${v}`),
  fc.tuple(path, value).map(([p, v]) => `contains(${p}, ${v}) OR size(${p}) < ${v}`),
  fc.tuple(path, value).map(([p, v]) => `${p} BETWEEN ${v} AND :w`),
);
const writeRequest = fc.record(
  {
    Item: item,
    UpdateExpression: updateExpression,
    ConditionExpression: conditionExpression,
    ExpressionAttributeNames: fc.constant({ '#n': 'n' }),
    ExpressionAttributeValues: fc.record({ ':v': attributeValue.value, ':w': attributeValue.value }),
    ReturnValues: fc.constantFrom('NONE', 'ALL_OLD', 'UPDATED_NEW', 'ALL_NEW'),
  },
  { requiredKeys: [] },
);

describe('DynamoDbApi.handle on arbitrary input', () => {
  it('answers every request with 200 or an AWS 400, never a 500 or a throw', async () => {
    await h.call('CreateTable', hashTable('rob'));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...operations), body, async (operation, request) => {
        const res = await h.call(operation, request);
        expect([200, 400]).toContain(res.status);
        if (res.status === 400) expect(typeof res.body.__type).toBe('string');
      }),
      { numRuns: 300, seed: 20261123 },
    );
  });

  it('answers item writes with valid shapes and odd contents with 200 or an AWS 400', async () => {
    await h.call('CreateTable', hashTable('rob_items'));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('PutItem', 'UpdateItem', 'DeleteItem'), fc.constantFrom('k1', 'k2'), writeRequest, async (operation, pk, request) => {
        const withKey = operation === 'PutItem'
          ? { ...request, Item: { ...request.Item, pk: { S: pk } } }
          : { ...request, Key: { pk: { S: pk } }, Item: undefined };
        const res = await h.call(operation, { TableName: 'rob_items', ...withKey });
        expect([200, 400]).toContain(res.status);
      }),
      { numRuns: 300, seed: 20261124 },
    );
  });
});
