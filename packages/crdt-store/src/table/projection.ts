import { setOwnMember, type Item } from '@kuhiro/expressions';
import type { IndexDefinition, KeySchema } from '../types.js';

/**
 * The item as an index stores it: KEYS_ONLY = table and index key attributes; INCLUDE = those
 * plus the listed non-key attributes; ALL = the whole item (shared, not copied).
 */
export function projectItem(item: Item, index: IndexDefinition, tableKey: KeySchema): Item {
  if (index.projection.type === 'ALL') return item;
  const projected: Item = {};
  const keep = (name: string): void => {
    const value = item[name];
    if (value !== undefined) setOwnMember(projected, name, value);
  };
  for (const attribute of tableKey.partition) keep(attribute.name);
  for (const attribute of tableKey.sort) keep(attribute.name);
  for (const attribute of index.key.partition) keep(attribute.name);
  for (const attribute of index.key.sort) keep(attribute.name);
  if (index.projection.type === 'INCLUDE') for (const name of index.projection.nonKeyAttributes ?? []) keep(name);
  return projected;
}
