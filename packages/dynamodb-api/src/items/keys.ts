import type { KeyAttribute, TableRecord } from '@kuhiro/crdt-store';
import { attributeType, decodeBase64, utf8Length, type AttributeValue, type Item } from '@kuhiro/expressions';
import { ValidationException } from '../errors.js';
import { LIMITS } from '../limits.js';

const INVALID = 'One or more parameter values were invalid: ';
const NOT_VALID = 'One or more parameter values are not valid. ';

/** The table's key attributes, partition first (each with its scalar type). */
export function tableKeyAttributes(table: TableRecord): KeyAttribute[] {
  return [...table.key.partition, ...table.key.sort];
}

export function keyAttributeNames(table: TableRecord): string[] {
  return tableKeyAttributes(table).map((k) => k.name);
}

/**
 * A `Key` member (GetItem, UpdateItem, DeleteItem) checked against the table's schema:
 * exactly the key attributes with their defined types, none empty, within the size limits.
 */
export function checkKey(table: TableRecord, key: Item): Item {
  const attributes = tableKeyAttributes(table);
  if (Object.keys(key).length !== attributes.length) {
    throw new ValidationException('The provided key element does not match the schema');
  }
  const result: Item = {};
  attributes.forEach((attribute, position) => {
    const value = key[attribute.name];
    if (value === undefined || attributeType(value) !== attribute.type) {
      throw new ValidationException('The provided key element does not match the schema');
    }
    checkNotEmpty(value, attribute.name);
    checkKeySize(value, position < table.key.partition.length);
    result[attribute.name] = value;
  });
  return result;
}

/**
 * The key of a whole item (PutItem): every key attribute present with its defined type, and
 * every secondary-index key attribute the item has of the index's type. Returns the key.
 */
export function keyOfItem(table: TableRecord, item: Item): Item {
  const key: Item = {};
  tableKeyAttributes(table).forEach((attribute, position) => {
    const value = item[attribute.name];
    if (value === undefined) throw new ValidationException(`${INVALID}Missing the key ${attribute.name} in the item`);
    const actual = attributeType(value);
    if (actual !== attribute.type) {
      throw new ValidationException(
        `${INVALID}Type mismatch for key ${attribute.name} expected: ${attribute.type} actual: ${actual}`,
      );
    }
    checkNotEmpty(value, attribute.name);
    checkKeySize(value, position < table.key.partition.length);
    key[attribute.name] = value;
  });
  checkIndexKeys(table, item);
  return key;
}

/** Index key attributes are optional in an item, but when present must have the index's type. */
export function checkIndexKeys(table: TableRecord, item: Item): void {
  for (const index of table.indexes) {
    for (const attribute of [...index.key.partition, ...index.key.sort]) {
      const value = item[attribute.name];
      if (value === undefined) continue;
      const actual = attributeType(value);
      if (actual !== attribute.type) {
        throw new ValidationException(
          `${INVALID}Type mismatch for Index Key ${attribute.name} Expected: ${attribute.type} Actual: ${actual} IndexName: ${index.name}`,
        );
      }
      if (isEmpty(value)) {
        throw new ValidationException(
          `${NOT_VALID}A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty ${'S' in value ? 'string' : 'binary'} value. IndexName: ${index.name}, IndexKey: ${attribute.name}`,
        );
      }
    }
  }
}

function isEmpty(value: AttributeValue): boolean {
  return ('S' in value && value.S === '') || ('B' in value && value.B === '');
}

function checkNotEmpty(value: AttributeValue, name: string): void {
  if (isEmpty(value)) {
    throw new ValidationException(
      `${NOT_VALID}The AttributeValue for a key attribute cannot contain an empty ${'S' in value ? 'string' : 'binary'} value. Key: ${name}`,
    );
  }
}

function checkKeySize(value: AttributeValue, isPartition: boolean): void {
  // Numbers are bounded by their 38 digits; only strings and binaries can be too long.
  let bytes = 0;
  if ('S' in value) bytes = utf8Length(value.S);
  else if ('B' in value) bytes = decodeBase64(value.B).length;
  if (isPartition && bytes > LIMITS.MAX_PARTITION_KEY_BYTES) {
    // AWS's message has no space in "of2048".
    throw new ValidationException(`${INVALID}Size of hashkey has exceeded the maximum size limit of2048 bytes`);
  }
  if (!isPartition && bytes > LIMITS.MAX_SORT_KEY_BYTES) {
    throw new ValidationException(`${INVALID}Aggregated size of all range keys has exceeded the size limit of 1024 bytes`);
  }
}
