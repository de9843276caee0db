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

  it('checks in AWS order: ARN, list, ARN form, empty list', async () => {
    const { assertValidation } = assertions(catalogHarness());
    await assertValidation('UntagResource', {}, 'Invalid TableArn');
    await assertValidation(
      'UntagResource',
      { ResourceArn: ARN },
      "1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null",
    );
    await assertValidation('TagResource', { ResourceArn: 'a:b:c:d:e:f/g', Tags: [] }, 'Invalid TableArn: Invalid ResourceArn provided as input a:b:c:d:e:f/g');
    await assertValidation('TagResource', { ResourceArn: ARN, Tags: [] }, 'Atleast one Tag needs to be provided as Input.');
    await assertValidation('UntagResource', { ResourceArn: ARN, TagKeys: [] }, 'Atleast one Tag Key needs to be provided as Input.');
  });

  it('refuses reserved, duplicate and too many tags', async () => {
    const h = catalogHarness();
    const { ok, assertValidation } = assertions(h);
    await ok('CreateTable', hashTable('tagged', { Tags: Array.from({ length: 49 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })) }));
    await assertValidation('TagResource', { ResourceArn: ARN, Tags: [{ Key: 'aws:x', Value: '1' }] }, 'Tag Key cannot be prefixed with aws:, Key: aws:x');
    await assertValidation(
      'TagResource',
      { ResourceArn: ARN, Tags: [{ Key: 'a', Value: '1' }, { Key: 'a', Value: '2' }] },
      'Duplicate Tag Keys provided as input: Duplicate Tag Key found a',
    );
    await ok('TagResource', { ResourceArn: ARN, Tags: [{ Key: 'k0', Value: 'overwritten' }, { Key: 'new', Value: '1' }] });
    await assertValidation('TagResource', { ResourceArn: ARN, Tags: [{ Key: 'one-too-many', Value: '1' }] }, 'Number of Tags exceed the current limit for the provided ResourceArn');
  });
});
