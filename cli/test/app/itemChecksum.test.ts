import { describe, it, expect } from '@jest/globals';
import { canonicalNumber, ItemDigest } from '../../src/app/itemChecksum.js';
import { sampleItems } from './appTestKit.js';

function digestOf(items: ReturnType<typeof sampleItems>): ItemDigest {
  const digest = new ItemDigest();
  items.forEach((item) => digest.add(item));
  return digest;
}

describe('ItemDigest', () => {
  it('does not depend on item order, attribute order or set member order', () => {
    const items = sampleItems(30);
    const shuffled = [...items].reverse().map((item) => Object.fromEntries(Object.entries(item).reverse()));
    shuffled.forEach((item) => {
      if (item.tags?.SS) item.tags = { SS: [...item.tags.SS].reverse() };
    });
    expect(digestOf(shuffled).checksum).toBe(digestOf(items).checksum);
    expect(digestOf(shuffled).count).toBe(30);
  });

  it('changes when one value changes, or an item is counted twice', () => {
    const items = sampleItems(10);
    const changed = sampleItems(10);
    changed[4]!.hits = { N: '1000' };
    expect(digestOf(changed).checksum).not.toBe(digestOf(items).checksum);
    expect(digestOf([...items, items[0]!]).checksum).not.toBe(digestOf(items).checksum);
  });

  it('treats numbers by value, as DynamoDB does', () => {
    expect(canonicalNumber('1.50')).toBe(canonicalNumber('1.5'));
    expect(canonicalNumber('15e-1')).toBe(canonicalNumber('1.5'));
    expect(canonicalNumber('100')).toBe(canonicalNumber('1e2'));
    expect(canonicalNumber('-0.0')).toBe('0');
    expect(canonicalNumber('10')).not.toBe(canonicalNumber('1'));
  });
});
