// catalog: categories, brands, browsing, search, product pages (view counter) and likes.
// Everything here is edge-local: reads are served by the PoP, counters merge (ADD is a CRDT counter).
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, table } from './lib/db.mjs';
import { badRequest, json, notFound } from './lib/http.mjs';
import { SEARCH_PARTITION, publicProduct, queryPage } from './lib/products.mjs';
import { router } from './lib/router.mjs';
import { productId, slug } from './lib/validate.mjs';

async function listTaxonomy(kind) {
  const answer = await db().send(
    new QueryCommand({ TableName: table('taxonomy'), KeyConditionExpression: 'kind = :kind', ExpressionAttributeValues: { ':kind': kind } }),
  );
  return answer.Items.map(({ kind: _kind, ...entry }) => entry);
}

async function bumpCounter(id, counter) {
  try {
    const answer = await db().send(
      new UpdateCommand({
        TableName: table('products'),
        Key: { productId: productId(id) },
        UpdateExpression: 'ADD #counter :one',
        ConditionExpression: 'attribute_exists(productId)',
        ExpressionAttributeNames: { '#counter': counter },
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return publicProduct(answer.Attributes);
  } catch (error) {
    if (error.name === 'ConditionalCheckFailedException') throw notFound(`There is no product "${id}".`);
    throw error;
  }
}

export const handler = router({
  'GET /categories': async () => json(200, { categories: await listTaxonomy('category') }),
  'GET /brands': async () => json(200, { brands: await listTaxonomy('brand') }),
  'GET /categories/:slug/products': async ({ params, query }) =>
    json(
      200,
      await queryPage({
        indexName: 'byCategory',
        keyCondition: 'category = :category',
        values: { ':category': slug(params.slug, 'category') },
        query,
      }),
    ),
  'GET /brands/:slug/products': async ({ params, query }) =>
    json(
      200,
      await queryPage({ indexName: 'byBrand', keyCondition: 'brand = :brand', values: { ':brand': slug(params.slug, 'brand') }, query }),
    ),
  'GET /search': async ({ query }) => {
    const text = typeof query.q === 'string' ? query.q.trim().toLowerCase() : '';
    if (text.length === 0) throw badRequest('Give the start of a product name as "q", for example /search?q=tra.');
    if (text.length > 64) throw badRequest('"q" must be at most 64 characters long.');
    return json(
      200,
      await queryPage({
        indexName: 'byName',
        keyCondition: 'searchPartition = :all AND begins_with(nameLower, :prefix)',
        values: { ':all': SEARCH_PARTITION, ':prefix': text },
        query,
        defaultLimit: 20,
      }),
    );
  },
  // A product page is a write: every view is counted, and concurrent views at many PoPs add up.
  'GET /products/:id': async ({ params }) => json(200, { product: await bumpCounter(params.id, 'views') }),
  'POST /products/:id/like': async ({ params }) => json(200, { product: await bumpCounter(params.id, 'likes') }),
});
