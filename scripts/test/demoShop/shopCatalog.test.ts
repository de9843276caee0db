import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useSeededShop } from './shopSuite.js';
import { SHOP_DIR } from './shopPaths.js';

interface SeedCatalog {
  categories: Array<{ slug: string; name: string }>;
  brands: Array<{ slug: string; name: string }>;
  products: Array<{ id: string; name: string; category: string; brand: string; price: number; stock: number; description: string }>;
}

const seed = JSON.parse(readFileSync(join(SHOP_DIR, 'seed/catalog.json'), 'utf8')) as SeedCatalog;

describe('demo shop: the catalogue', () => {
  const shop = useSeededShop();

  it('ships a realistic seed: ~60 products over ~6 categories and ~10 brands, all well-formed', () => {
    expect(seed.products.length).toBeGreaterThanOrEqual(50);
    expect(seed.categories.length).toBeGreaterThanOrEqual(5);
    expect(seed.brands.length).toBeGreaterThanOrEqual(8);
    const categories = new Set(seed.categories.map((c) => c.slug));
    const brands = new Set(seed.brands.map((b) => b.slug));
    expect(new Set(seed.products.map((p) => p.id)).size).toBe(seed.products.length);
    for (const product of seed.products) {
      expect({ id: product.id, category: categories.has(product.category), brand: brands.has(product.brand) }).toEqual({ id: product.id, category: true, brand: true });
      expect(product.price).toBeGreaterThan(0);
      expect(Number.isInteger(product.stock) && product.stock >= 0).toBe(true);
      expect(product.id).toMatch(/^[a-z0-9][a-z0-9-]{0,63}$/);
    }
  });

  it('lists categories and brands with their product counts', async () => {
    const categories = await shop().call('catalog', 'GET', '/categories');
    expect(categories.status).toBe(200);
    expect(categories.body.categories.map((c: any) => c.slug).sort()).toEqual(seed.categories.map((c) => c.slug).sort());
    const footwear = categories.body.categories.find((c: any) => c.slug === 'footwear');
    expect(footwear.productCount).toBe(seed.products.filter((p) => p.category === 'footwear').length);
    const brands = await shop().call('catalog', 'GET', '/brands');
    expect(brands.body.brands).toHaveLength(seed.brands.length);
  });

  it('browses a category in name order, page by page', async () => {
    const expected = seed.products.filter((p) => p.category === 'camping').map((p) => p.name.toLowerCase()).sort();
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await shop().call('catalog', 'GET', '/categories/camping/products', { query: { limit: '4', ...(cursor ? { cursor } : {}) } });
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((p: any) => p.name.toLowerCase()));
      cursor = page.body.cursor;
    } while (cursor);
    expect(seen).toEqual(expected);
  });

  it('browses a brand', async () => {
    const answer = await shop().call('catalog', 'GET', '/brands/brewhaus/products');
    expect(answer.body.items.map((p: any) => p.productId).sort()).toEqual(seed.products.filter((p) => p.brand === 'brewhaus').map((p) => p.id).sort());
    expect(answer.body.items[0]).toEqual(expect.objectContaining({ brandName: 'Brewhaus' }));
    expect(answer.body.items[0].nameLower).toBeUndefined();
  });

  it('finds products by the start of their name, ignoring case', async () => {
    const answer = await shop().call('catalog', 'GET', '/search', { query: { q: 'TRAIL run' } });
    expect(answer.body.items.map((p: any) => p.name)).toEqual(['Trail Runner 3', 'Trail Runner 3 GTX']);
    expect((await shop().call('catalog', 'GET', '/search', { query: { q: 'zzz' } })).body.items).toEqual([]);
  });

  it('counts every product page view and every like, also when they arrive together', async () => {
    const first = await shop().call('catalog', 'GET', '/products/p-tarn-2-tent');
    expect(first.body.product).toEqual(expect.objectContaining({ name: 'Tarn 2 Tent', views: 1, likes: 0, price: 389 }));
    await Promise.all(Array.from({ length: 10 }, () => shop().call('catalog', 'GET', '/products/p-tarn-2-tent')));
    await Promise.all(Array.from({ length: 5 }, () => shop().call('catalog', 'POST', '/products/p-tarn-2-tent/like')));
    const last = await shop().call('catalog', 'GET', '/products/p-tarn-2-tent');
    expect(last.body.product).toEqual(expect.objectContaining({ views: 12, likes: 5 }));
  });
});
