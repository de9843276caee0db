import { describe, it, expect } from '@jest/globals';
import { buildRecord } from '../src/buildRecord.js';
import { sameItem } from '../src/sameItem.js';

let next = 0;
const context = (viewType: 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES', byTtl = false) => ({
  region: 'eu-west-1', viewType, sequenceNumber: () => String(++next).padStart(24, '0'), nowMs: 1_700_000_000_999, byTtl,
});
const key = { pk: { S: 'a' } };
const oldItem = { pk: { S: 'a' }, n: { N: '1' } };
const newItem = { pk: { S: 'a' }, n: { N: '2' } };

describe('buildRecord', () => {
  it('names the event by what existed before and after', () => {
    expect(buildRecord({ key, old: undefined, new: newItem }, context('KEYS_ONLY'))!.eventName).toBe('INSERT');
    expect(buildRecord({ key, old: oldItem, new: newItem }, context('KEYS_ONLY'))!.eventName).toBe('MODIFY');
    expect(buildRecord({ key, old: oldItem, new: undefined }, context('KEYS_ONLY'))!.eventName).toBe('REMOVE');
  });

  it('includes the images the view type asks for', () => {
    const images = (viewType: 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES') => {
      const { dynamodb } = buildRecord({ key, old: oldItem, new: newItem }, context(viewType))!;
      return [dynamodb.OldImage, dynamodb.NewImage];
    };
    expect(images('KEYS_ONLY')).toEqual([undefined, undefined]);
    expect(images('NEW_IMAGE')).toEqual([undefined, newItem]);
    expect(images('OLD_IMAGE')).toEqual([oldItem, undefined]);
    expect(images('NEW_AND_OLD_IMAGES')).toEqual([oldItem, newItem]);
  });

  it('fills AWS record fields: seconds rounded down, size of keys and images', () => {
    const record = buildRecord({ key, old: undefined, new: newItem }, context('NEW_IMAGE'))!;
    expect(record).toMatchObject({ eventVersion: '1.1', eventSource: 'aws:dynamodb', awsRegion: 'eu-west-1' });
    expect(record.dynamodb.ApproximateCreationDateTime).toBe(1_700_000_000);
    // Keys: "pk" + "a" = 3 bytes; NewImage adds "n" + a one-digit number (1 + 2) = 3 + 3.
    expect(record.dynamodb.SizeBytes).toBe(9);
    expect(record.userIdentity).toBeUndefined();
  });

  it('emits nothing for a write that changed nothing, whatever the key or set order', () => {
    const a = { pk: { S: 'a' }, m: { M: { x: { N: '1' }, y: { SS: ['p', 'q'] } } } };
    const b = { m: { M: { y: { SS: ['q', 'p'] }, x: { N: '1' } } }, pk: { S: 'a' } };
    expect(sameItem(a, b)).toBe(true);
    expect(buildRecord({ key, old: a, new: b }, context('NEW_AND_OLD_IMAGES'))).toBeUndefined();
    expect(buildRecord({ key, old: undefined, new: undefined }, context('NEW_AND_OLD_IMAGES'))).toBeUndefined();
    expect(sameItem(a, { ...a, extra: { NULL: true } })).toBe(false);
    expect(sameItem({ l: { L: [{ N: '1' }, { N: '2' }] } }, { l: { L: [{ N: '2' }, { N: '1' }] } })).toBe(false);
  });

  it('marks only TTL removals with the service identity', () => {
    expect(buildRecord({ key, old: oldItem, new: undefined }, context('KEYS_ONLY', true))!.userIdentity).toEqual({ type: 'Service', principalId: 'dynamodb.amazonaws.com' });
    expect(buildRecord({ key, old: undefined, new: newItem }, context('KEYS_ONLY', true))!.userIdentity).toBeUndefined();
  });
});
