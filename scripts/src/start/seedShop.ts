import type { ShopUrls } from './deployShop.js';

/** The catalogue's category count at a PoP (0 when it has not been seeded or replicated yet). */
export async function categoryCount(urls: ShopUrls): Promise<number> {
  const response = await fetch(new URL('categories', withSlash(urls.CatalogFunction!)));
  if (!response.ok) throw new Error(`GET /categories answered ${response.status}: ${await response.text()}`);
  const body = (await response.json()) as { categories?: unknown[] };
  return body.categories?.length ?? 0;
}

/**
 * Seeds the catalogue through the admin function unless the PoP already has one: seeding
 * replaces every product, so stock and counters of an earlier run would be reset.
 */
export async function seedIfEmpty(urls: ShopUrls, adminSecret: string): Promise<'seeded' | 'already there'> {
  if ((await categoryCount(urls)) > 0) return 'already there';
  const response = await fetch(new URL('admin/seed', withSlash(urls.AdminFunction!)), { method: 'POST', headers: { 'x-admin-secret': adminSecret } });
  if (!response.ok) throw new Error(`POST /admin/seed answered ${response.status}: ${await response.text()}`);
  return 'seeded';
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : url + '/';
}
