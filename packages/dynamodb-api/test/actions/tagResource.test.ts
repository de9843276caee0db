import { describe, expect, it } from '@jest/globals';
import { assertions } from '../helpers/assertions.js';
import { catalogHarness } from '../helpers/harness.js';
import { hashTable } from '../helpers/tables.js';

const ARN = 'arn:aws:dynamodb:us-east-1:000000000000:table/tagged';

describe('TagResource / UntagResource / ListTagsOfResource', () => {
  it('adds, overwrites, lists and removes tags by table ARN', async () => {
    const h = catalogHarness();
    const { ok } = assertions(h);
    await ok('CreateTable', hashTable('tagged', { Tags: [{ Key: 'a', Value: '1' }] }));
    expect(await ok('TagResource', { ResourceArn: ARN, Tags: [{ Key: 'a', Value: '2' }, { Key: 'b', Value: '3' }] })).toEqual({});
    expect(await ok('ListTagsOfResource', { ResourceArn: ARN })).toEqual({
      Tags: [{ Key: 'a', Value: '2' }, { Key: 'b', Value: '3' }],
    });
    await ok('UntagResource', { ResourceArn: ARN, TagKeys: ['a'] });
    expect(await ok('ListTagsOfResource', { ResourceArn: ARN })).toEqual({ Tags: [{ Key: 'b', Value: '3' }] });
  });

  it('answers not found for another account or a missing table', async () => {
    const h = catalogHarness();
    const { ok, assertNotFound } = assertions(h);
    await ok('CreateTable', hashTable('tagged'));
    const other = 'arn:aws:dynamodb:us-east-1:111111111111:table/tagged';
    await assertNotFound('ListTagsOfResource', { ResourceArn: other }, `Requested resource not found: ResourcArn: ${other} not found`);
  });

  it('refuses a malformed ARN and missing members', async () => {
    const { assertValidation } = assertions(catalogHarness());
    await assertValidation('TagResource', { ResourceArn: 'nope', Tags: [] }, 'Invalid TableArn: Invalid ResourceArn provided as input nope');
    await assertValidation(
      'UntagResource',
      {},
      '2 validation errors detected: ' +
        "Value null at 'resourceArn' failed to satisfy constraint: Member must not be null; " +
        "Value null at 'tagKeys' failed to satisfy constraint: Member must not be null",
    );
  });
});
