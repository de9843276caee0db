import type { Item } from '@kuhiro/expressions';
import type { KeyAttribute, KeySchema } from '../types.js';
import { encodeKeyValue } from './keyEncoding.js';

/**
 * Keys of the sorted views: `hash(partition) | partition | sort` as a byte string (see
 * keyEncoding.ts). The 4-byte hash first spreads partitions evenly over the key space, so a
 * parallel Scan segment is one contiguous range of the tree; within a partition the items sit
 * together in sort-key order, so a Query is one range walk.
 */

/** Encodes the listed attributes of `item` in order, or undefined if one is missing or of another type. */
export function encodeAttributes(item: Item, attributes: KeyAttribute[]): string | undefined {
  let encoded = '';
  for (const attribute of attributes) {
    const value = item[attribute.name];
    if (value === undefined || !(attribute.type in value)) return undefined;
    encoded += encodeKeyValue(value, attribute.type);
  }
  return encoded;
}

/** FNV-1a (32 bit) of an encoded partition key: fast, and spreads similar keys apart. */
export function partitionHash(encodedPartition: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < encodedPartition.length; i++) {
    hash ^= encodedPartition.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The 4-byte big-endian prefix of a hash, as a byte string. */
export function hashPrefix(hash: number): string {
  return String.fromCharCode((hash >>> 24) & 0xff, (hash >>> 16) & 0xff, (hash >>> 8) & 0xff, hash & 0xff);
}

/** Reads the hash back from the first 4 chars of a tree key. */
export function hashOfTreeKey(treeKey: string): number {
  return (
    ((treeKey.charCodeAt(0) << 24) | (treeKey.charCodeAt(1) << 16) | (treeKey.charCodeAt(2) << 8) | treeKey.charCodeAt(3)) >>> 0
  );
}

/** `hash | partition`: the prefix every tree key of one partition starts with. */
export function partitionPrefix(encodedPartition: string): string {
  return hashPrefix(partitionHash(encodedPartition)) + encodedPartition;
}

/** The tree key of an item under a key schema, or undefined if the item lacks a key attribute. */
export function treeKeyOf(item: Item, key: KeySchema): string | undefined {
  const partition = encodeAttributes(item, key.partition);
  if (partition === undefined) return undefined;
  const sort = encodeAttributes(item, key.sort);
  if (sort === undefined) return undefined;
  return partitionPrefix(partition) + sort;
}

/**
 * The tree key of an item in an index: the index key, then the table key so that items with
 * equal index keys stay distinct (and in a stable order). Undefined = the item is not in the
 * index (sparse index: an index key attribute missing or of another type).
 */
export function indexTreeKeyOf(item: Item, indexKey: KeySchema, tableKey: KeySchema): string | undefined {
  const indexPart = treeKeyOf(item, indexKey);
  if (indexPart === undefined) return undefined;
  const tablePart = encodeAttributes(item, [...tableKey.partition, ...tableKey.sort]);
  return tablePart === undefined ? undefined : indexPart + tablePart;
}

/**
 * The first hash of a parallel Scan segment: item with hash h is in segment
 * floor(h * totalSegments / 2^32), so segment s covers [ceil(s * 2^32 / totalSegments), next).
 */
export function segmentStartHash(segment: number, totalSegments: number): number {
  return Math.ceil((segment * 2 ** 32) / totalSegments);
}

export function segmentOfHash(hash: number, totalSegments: number): number {
  return Math.floor((hash * totalSegments) / 2 ** 32);
}

/** The smallest tree key with a hash of at least `hash` (hash may be 2^32 = past the end). */
export function treeKeyBoundOfHash(hash: number): string {
  return hash >= 2 ** 32 ? '\u0100' : hashPrefix(hash);
}
