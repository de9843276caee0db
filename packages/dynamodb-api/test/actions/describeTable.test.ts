import { describe, expect, it } from '@jest/globals';
import { assertions } from '../helpers/assertions.js';
import { catalogHarness } from '../helpers/harness.js';
import { hashTable } from '../helpers/tables.js';

describe('DescribeTable', () => {
  it('names the missing table', async () => {
    const { assertNotFound } = assertions(catalogHarness());
    await assertNotFound('DescribeTable', { TableName: 'nope' }, 'Requested resource not found: Table: nope not found');
  });

  it('validates the table name', async () => {
    const { assertValidation } = assertions(catalogHarness());
    await assertValidation('DescribeTable', {}, "The parameter 'TableName' is required but was not present in the request");
  });

  it('shows a new table ACTIVE at once by default', async () => {
    const h = catalogHarness();
    const { ok } = assertions(h);
    await ok('CreateTable', hashTable('fresh'));
    const table = (await ok('DescribeTable', { TableName: 'fresh' })).Table as Record<string, unknown>;
    expect(table.TableStatus).toBe('ACTIVE');
    expect(table.TableArn).toBe('arn:aws:dynamodb:us-east-1:000000000000:table/fresh');
    expect(table.ItemCount).toBe(0);
  });

  it('stays CREATING for tableActivationMs, then turns ACTIVE', async () => {
    const h = catalogHarness({ tableActivationMs: 500 });
    const { ok } = assertions(h);
    await ok('CreateTable', hashTable('slow'));
    expect(((await ok('DescribeTable', { TableName: 'slow' })).Table as { TableStatus: string }).TableStatus).toBe('CREATING');
    h.clock.nowMs += 500;
    expect(((await ok('DescribeTable', { TableName: 'slow' })).Table as { TableStatus: string }).TableStatus).toBe('ACTIVE');
  });
});
