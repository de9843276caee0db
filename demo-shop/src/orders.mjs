// orders: purchase the cart, order history, order detail.
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { MAX_LINES, cartView, readCart } from './lib/carts.mjs';
import { db, decodeCursor, encodeCursor, table } from './lib/db.mjs';
import { badRequest, conflict, json, notFound } from './lib/http.mjs';
import { productsById } from './lib/products.mjs';
import { orderFrom, placeOrder } from './lib/purchase.mjs';
import { router } from './lib/router.mjs';
import { requireSession } from './lib/sessions.mjs';
import { integer } from './lib/validate.mjs';

const ORDER_ID = /^o-[0-9TZ]{18,20}-[0-9a-f]{8}$/;

async function purchase(request) {
  const { username } = await requireSession(request);
  const lines = cartView(await readCart(username)).items;
  if (lines.length === 0) throw badRequest('Your cart is empty.');
  if (lines.length > MAX_LINES) throw badRequest(`A purchase holds at most ${MAX_LINES} different products.`);
  const products = await productsById(lines.map((line) => line.productId));
  const gone = lines.find((line) => !products.has(line.productId));
  if (gone) throw conflict(`"${gone.name}" is no longer sold. Remove it from your cart to check out.`, { productId: gone.productId, reason: 'Discontinued' });
  const order = await placeOrder(orderFrom(username, lines, products), lines, products);
  return json(201, { order });
}

async function history(request) {
  const { username } = await requireSession(request);
  const limit = request.query.limit === undefined ? 20 : integer(request.query.limit, 'limit', { min: 1, max: 100 });
  const startKey = decodeCursor(request.query.cursor);
  if (startKey && startKey.username !== username) throw badRequest('The cursor does not belong to this listing.');
  const answer = await db().send(
    new QueryCommand({
      TableName: table('orders'),
      KeyConditionExpression: 'username = :u',
      ExpressionAttributeValues: { ':u': username },
      ScanIndexForward: false,
      // Strongly consistent, so an order shows up in the history right after checkout.
      ConsistentRead: true,
      Limit: limit,
      ...(startKey ? { ExclusiveStartKey: startKey } : {}),
    }),
  );
  return json(200, { orders: answer.Items, cursor: encodeCursor(answer.LastEvaluatedKey) });
}

async function detail(request) {
  const { username } = await requireSession(request);
  const { orderId } = request.params;
  if (!ORDER_ID.test(orderId)) throw badRequest(`"${orderId}" is not an order id.`);
  const { Item } = await db().send(new GetCommand({ TableName: table('orders'), Key: { username, orderId }, ConsistentRead: true }));
  if (!Item) throw notFound(`You have no order "${orderId}".`);
  return json(200, { order: Item });
}

export const handler = router({
  'POST /orders': purchase,
  'GET /orders': history,
  'GET /orders/:orderId': detail,
});
