import type { Item } from '@kuhiro/expressions';
import type { TableRecord } from '@kuhiro/crdt-store';

/**
 * The replication entry key of an item: the table's id (so updates of a deleted and
 * re-created table never land in its successor) and the key attributes in key-schema order
 * as JSON. Equal keys encode alike, so the outbox merges one item's updates into one.
 */
export function encodeItemKey(table: TableRecord, key: Item): string {
  const attributes = [...table.key.partition, ...table.key.sort].map((attribute) => [attribute.name, key[attribute.name]]);
  return `${table.id}\u0000${JSON.stringify(attributes)}`;
}

export function decodeItemKey(encoded: string): { tableId: string; key: Item } {
  const separator = encoded.indexOf('\u0000');
  if (separator < 0) throw new Error(`replication: malformed item key ${JSON.stringify(encoded)}`);
  const attributes = JSON.parse(encoded.slice(separator + 1)) as Array<[string, Item[string]]>;
  const key: Item = {};
  for (const [name, value] of attributes) key[name] = value;
  return { tableId: encoded.slice(0, separator), key };
}
