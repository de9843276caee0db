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
 * The table tree key of the item an index tree key belongs to, read off the index tree key
 * (whose tail is the item's encoded table key) without the item: snapshots store index entries
 * by reference to their item this way.
 */
export function tableTreeKeyOfIndexKey(indexTreeKey: string, indexKey: KeySchema, tableKey: KeySchema): string {
  let at = 4; // the index partition's hash
  for (const attribute of [...indexKey.partition, ...indexKey.sort]) at = endOfEncodedValue(indexTreeKey, at, attribute);
  let partitionEnd = at;
  for (const attribute of tableKey.partition) partitionEnd = endOfEncodedValue(indexTreeKey, partitionEnd, attribute);
  const partition = indexTreeKey.slice(at, partitionEnd);
  return partitionPrefix(partition) + indexTreeKey.slice(partitionEnd);
}

/** Where the encoded value of `attribute` that starts at `at` ends (keyEncoding.ts: every encoding is self-delimiting). */
function endOfEncodedValue(encoded: string, at: number, attribute: KeyAttribute): number {
  if (attribute.type !== 'N') {
    // Bytes with 0x00 escaped as 0x00 0x01, terminated by 0x00 0x00.
    for (let i = at; i < encoded.length - 1; i++) {
      if (encoded.charCodeAt(i) !== 0) continue;
      if (encoded.charCodeAt(i + 1) === 0) return i + 2;
      i++;
    }
    throw new Error('malformed tree key');
  }
  const sign = encoded.charCodeAt(at);
  if (sign === 0x02) return at + 1; // zero
  const terminator = sign === 0x03 ? 0x00 : 0xff;
  const end = encoded.indexOf(String.fromCharCode(terminator), at + 3);
  if (end < 0) throw new Error('malformed tree key');
  return end + 1;
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
