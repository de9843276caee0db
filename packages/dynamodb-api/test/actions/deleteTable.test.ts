import { describe, expect, it } from '@jest/globals';
import { assertions } from '../helpers/assertions.js';
import { catalogHarness } from '../helpers/harness.js';
import { hashTable } from '../helpers/tables.js';

describe('DeleteTable', () => {
  it('answers DELETING and the table is gone', async () => {
    const h = catalogHarness();
    const { ok, assertNotFound } = assertions(h);
    await ok('CreateTable', hashTable('doomed'));
    const body = await ok('DeleteTable', { TableName: 'doomed' });
    expect((body.TableDescription as { TableStatus: string }).TableStatus).toBe('DELETING');
    await assertNotFound('DescribeTable', { TableName: 'doomed' }, 'Requested resource not found: Table: doomed not found');
  });

  it('names a missing table', async () => {
    const { assertNotFound } = assertions(catalogHarness());
    await assertNotFound('DeleteTable', { TableName: 'nope' }, 'Requested resource not found: Table: nope not found');
  });

  it('refuses a protected table', async () => {
    const h = catalogHarness();
    const { ok, assertValidation } = assertions(h);
    await ok('CreateTable', hashTable('kept', { DeletionProtectionEnabled: true }));
    await assertValidation(
      'DeleteTable',
      { TableName: 'kept' },
      'Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.',
    );
    await ok('UpdateTable', { TableName: 'kept', DeletionProtectionEnabled: false });
    await ok('DeleteTable', { TableName: 'kept' });
  });

  it('refuses a table that is still being created', async () => {
    const h = catalogHarness({ tableActivationMs: 1000 });
    const { ok, assertInUse } = assertions(h);
    await ok('CreateTable', hashTable('young'));
    await assertInUse(
      'DeleteTable',
      { TableName: 'young' },
      'Attempt to change a resource which is still in use: Table is being created: young',
    );
  });
});
