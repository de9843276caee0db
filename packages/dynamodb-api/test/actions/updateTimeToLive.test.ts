import { describe, expect, it } from '@jest/globals';
import { assertions } from '../helpers/assertions.js';
import { catalogHarness } from '../helpers/harness.js';
import { hashTable } from '../helpers/tables.js';

describe('UpdateTimeToLive / DescribeTimeToLive', () => {
  it('enables and disables once each, as AWS does', async () => {
    const { ok, assertValidation } = assertions(catalogHarness());
    await ok('CreateTable', hashTable('ttl'));
    expect(await ok('DescribeTimeToLive', { TableName: 'ttl' })).toEqual({ TimeToLiveDescription: { TimeToLiveStatus: 'DISABLED' } });
    const spec = { AttributeName: 'expiresAt', Enabled: true };
    expect(await ok('UpdateTimeToLive', { TableName: 'ttl', TimeToLiveSpecification: spec })).toEqual({ TimeToLiveSpecification: spec });
    expect(await ok('DescribeTimeToLive', { TableName: 'ttl' })).toEqual({
      TimeToLiveDescription: { TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' },
    });
    await assertValidation('UpdateTimeToLive', { TableName: 'ttl', TimeToLiveSpecification: spec }, 'TimeToLive is already enabled');
    await assertValidation(
      'UpdateTimeToLive',
      { TableName: 'ttl', TimeToLiveSpecification: { AttributeName: 'other', Enabled: false } },
      'TimeToLive is active on a different AttributeName: current AttributeName is expiresAt',
    );
    await ok('UpdateTimeToLive', { TableName: 'ttl', TimeToLiveSpecification: { ...spec, Enabled: false } });
    await assertValidation('UpdateTimeToLive', { TableName: 'ttl', TimeToLiveSpecification: { ...spec, Enabled: false } }, 'TimeToLive is already disabled');
  });

  it('names a missing table', async () => {
    const { assertNotFound } = assertions(catalogHarness());
    await assertNotFound('DescribeTimeToLive', { TableName: 'nope' }, 'Requested resource not found: Table: nope not found');
  });
});
