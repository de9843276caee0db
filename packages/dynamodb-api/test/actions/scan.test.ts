import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { assertions } from '../helpers/assertions.js';
import { storeHarness, type StoreHarness } from '../helpers/storeHarness.js';
import { hashTable } from '../helpers/tables.js';

let h: StoreHarness;
let a: ReturnType<typeof assertions>;
const T = 'scan_hash';

beforeAll(async () => {
  h = await storeHarness();
  a = assertions(h);
  await a.ok('CreateTable', hashTable(T));
  for (let i = 0; i < 20; i++) await a.ok('PutItem', { TableName: T, Item: { pk: { S: `k${i}` }, n: { N: String(i) } } });
});
afterAll(() => h.close());

describe('Scan', () => {
  it('reads every item once across pages', async () => {
    const seen: string[] = [];
    let start: unknown;
    let pages = 0;
    do {
      const res = await a.ok('Scan', { TableName: T, Limit: 7, ...(start ? { ExclusiveStartKey: start } : {}) });
      seen.push(...(res.Items as Array<{ pk: { S: string } }>).map((i) => i.pk.S));
      start = res.LastEvaluatedKey;
      pages++;
    } while (start);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `k${i}`).sort());
  });

  it('splits the table into disjoint parallel segments', async () => {
    const segments = await Promise.all([0, 1, 2].map((Segment) => a.ok('Scan', { TableName: T, Segment, TotalSegments: 3 })));
    const keys = segments.flatMap((s) => (s.Items as Array<{ pk: { S: string } }>).map((i) => i.pk.S));
    expect(keys).toHaveLength(20);
    expect(new Set(keys).size).toBe(20);
  });

  it('counts filtered and scanned items', async () => {
    const res = await a.ok('Scan', { TableName: T, FilterExpression: 'n < :five', ExpressionAttributeValues: { ':five': { N: '5' } }, Select: 'COUNT' });
    expect(res).toEqual({ Count: 5, ScannedCount: 20 });
  });

  it('checks Segment and TotalSegments', async () => {
    await a.assertValidation('Scan', { TableName: T, Segment: 1 }, 'The TotalSegments parameter is required but was not present in the request when Segment parameter is present');
    await a.assertValidation(
      'Scan',
      { TableName: T, Segment: 2, TotalSegments: 2 },
      'The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: 2 is not less than TotalSegments: 2',
    );
  });

  it('refuses a projection with Select COUNT', () =>
    a.assertValidation('Scan', { TableName: T, Select: 'COUNT', ProjectionExpression: 'n' }, 'Cannot specify the ProjectionExpression when choosing to get only the COUNT'));

  it('serves the legacy ScanFilter with ConditionalOperator', async () => {
    const res = await a.ok('Scan', {
      TableName: T,
      ScanFilter: { n: { ComparisonOperator: 'LT', AttributeValueList: [{ N: '2' }] }, pk: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'k19' }] } },
      ConditionalOperator: 'OR',
      Select: 'COUNT',
    });
    expect(res).toEqual({ Count: 3, ScannedCount: 20 });
  });

  it('checks legacy operator types', () =>
    a.assertValidation(
      'Scan',
      { TableName: T, ScanFilter: { n: { ComparisonOperator: 'BEGINS_WITH', AttributeValueList: [{ N: '2' }] } } },
      'One or more parameter values were invalid: ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type',
    ));

  it('stops a page after 1 MB of items', async () => {
    await a.ok('CreateTable', hashTable('scan_big'));
    const blob = 'x'.repeat(100 * 1024);
    for (let i = 0; i < 12; i++) await a.ok('PutItem', { TableName: 'scan_big', Item: { pk: { S: `b${i}` }, blob: { S: blob } } });
    const first = await a.ok('Scan', { TableName: 'scan_big', ProjectionExpression: 'pk' });
    // Ten 100 KB items stay under 1 MB; the eleventh crosses it and ends the page.
    expect(first.ScannedCount).toBe(11);
    expect(first.LastEvaluatedKey).toBeDefined();
    const rest = await a.ok('Scan', { TableName: 'scan_big', ProjectionExpression: 'pk', ExclusiveStartKey: first.LastEvaluatedKey });
    expect(rest.ScannedCount).toBe(1);
    expect(rest.LastEvaluatedKey).toBeUndefined();
  });
});
