import type { Item } from '@kuhiro/expressions';

/** One bounded counter: (tenant, table, item key, attribute), as one string. */
export function escrowId(tenant: string, tableName: string, key: Item, attribute: string): string {
  const canonicalKey = Object.keys(key)
    .sort()
    .map((name) => [name, key[name]]);
  return JSON.stringify([tenant, tableName, canonicalKey, attribute]);
}
