// admin: load the catalogue (seed/catalog.json) and restock; guarded by the ADMIN_SECRET env var.
import { BatchWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { timingSafeEqual, createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { db, secret, table } from './lib/db.mjs';
import { HttpError, json, notFound } from './lib/http.mjs';
import { SEARCH_PARTITION } from './lib/products.mjs';
import { router } from './lib/router.mjs';
import { integer, productId } from './lib/validate.mjs';

const CATALOG_FILE = new URL('../seed/catalog.json', import.meta.url);

function requireAdmin(request) {
  const given = request.headers['x-admin-secret'];
  // Compare digests so the comparison takes the same time whatever the lengths.
  const digest = (text) => createHash('sha256').update(String(text)).digest();
  if (typeof given !== 'string' || !timingSafeEqual(digest(given), digest(secret('ADMIN_SECRET')))) {
    throw new HttpError(403, 'The "x-admin-secret" header is missing or wrong.');
  }
}

export function catalogItems(catalog) {
  const count = (field, slug) => catalog.products.filter((product) => product[field] === slug).length;
  const taxonomy = [
    ...catalog.categories.map((category) => ({ kind: 'category', ...category, productCount: count('category', category.slug) })),
    ...catalog.brands.map((brand) => ({ kind: 'brand', ...brand, productCount: count('brand', brand.slug) })),
  ];
  const brandNames = new Map(catalog.brands.map((brand) => [brand.slug, brand.name]));
  const categoryNames = new Map(catalog.categories.map((category) => [category.slug, category.name]));
  const products = catalog.products.map(({ id, ...product }) => ({
    productId: id,
    ...product,
    brandName: brandNames.get(product.brand),
    categoryName: categoryNames.get(product.category),
    nameLower: product.name.toLowerCase(),
    searchPartition: SEARCH_PARTITION,
    views: 0,
    likes: 0,
  }));
  return { taxonomy, products };
}

async function writeAll(tableName, items) {
  for (let start = 0; start < items.length; start += 25) {
    let requests = { [tableName]: items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } })) };
    for (let attempt = 0; Object.keys(requests).length > 0; attempt++) {
      if (attempt > 8) throw new Error('BatchWriteItem kept returning unprocessed items.');
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
      const answer = await db().send(new BatchWriteCommand({ RequestItems: requests }));
      requests = answer.UnprocessedItems ?? {};
    }
  }
}

/** Replaces every catalogue product (stock back to the file's numbers, counters to 0). */
async function seed(request) {
  requireAdmin(request);
  const catalog = JSON.parse(await readFile(CATALOG_FILE, 'utf8'));
  const { taxonomy, products } = catalogItems(catalog);
  await writeAll(table('taxonomy'), taxonomy);
  await writeAll(table('products'), products);
  return json(200, { categories: catalog.categories.length, brands: catalog.brands.length, products: products.length });
}

async function restock(request) {
  requireAdmin(request);
  const id = productId(request.params.productId);
  const stock = integer(request.jsonBody().stock, 'stock', { min: 0, max: 1_000_000 });
  try {
    const { Attributes } = await db().send(
      new UpdateCommand({
        TableName: table('products'),
        Key: { productId: id },
        UpdateExpression: 'SET stock = :stock',
        ConditionExpression: 'attribute_exists(productId)',
        ExpressionAttributeValues: { ':stock': stock },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return json(200, { productId: id, stock: Attributes.stock });
  } catch (error) {
    if (error.name === 'ConditionalCheckFailedException') throw notFound(`There is no product "${id}".`);
    throw error;
  }
}

export const handler = router({
  'POST /admin/seed': seed,
  'PUT /admin/products/:productId/stock': restock,
});
