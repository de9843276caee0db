import type { TableRecord } from '@kuhiro/crdt-store';
import { attributeType, type Item } from '@kuhiro/expressions';
import { ValidationException } from '../errors.js';
import { checkKey } from './keys.js';
import { startKeyNames } from './readPage.js';

/**
 * An ExclusiveStartKey must hold exactly the table key (plus the index key on an index
 * read) with the schema's types, or AWS answers "The provided starting key is invalid".
 */
export function checkStartKeyShape(table: TableRecord, indexName: string | undefined, startKey: Item): void {
  const names = startKeyNames(table, indexName);
  const invalid = () => new ValidationException('The provided starting key is invalid');
  if (Object.keys(startKey).length !== names.length) throw invalid();
  const index = table.indexes.find((i) => i.name === indexName);
  for (const attribute of [...(index ? [...index.key.partition, ...index.key.sort] : [])]) {
    const value = startKey[attribute.name];
    if (value === undefined || attributeType(value) !== attribute.type) throw invalid();
  }
  const tableKey: Item = {};
  for (const k of [...table.key.partition, ...table.key.sort]) {
    if (startKey[k.name] === undefined) throw invalid();
    tableKey[k.name] = startKey[k.name]!;
  }
  try {
    checkKey(table, tableKey);
  } catch (err) {
    if (err instanceof ValidationException) throw new ValidationException(`The provided starting key is invalid: ${err.message}`);
    throw err;
  }
}
