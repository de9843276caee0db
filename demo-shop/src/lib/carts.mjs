// The cart: one item per user whose `cart` attribute is a map keyed by product id. Each line is
// written with its own document path (SET cart.#p, REMOVE cart.#p, ADD cart.#p.quantity), so two
// devices changing one cart at two PoPs merge per product instead of overwriting the whole cart.
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, table } from './db.mjs';
import { fromCents, toCents } from './money.mjs';

export const MAX_QUANTITY = 99;
// A purchase is one TransactWriteItems: one update per line, the order and the cart (AWS allows 100).
export const MAX_LINES = 50;

export async function readCart(username) {
  const { Item } = await db().send(new GetCommand({ TableName: table('carts'), Key: { username }, ConsistentRead: true }));
  return Item;
}

/** Creates the item and its empty map when missing; a no-op when they exist. */
export async function ensureCart(username) {
  await db().send(
    new UpdateCommand({
      TableName: table('carts'),
      Key: { username },
      UpdateExpression: 'SET cart = if_not_exists(cart, :empty)',
      ExpressionAttributeValues: { ':empty': {} },
    }),
  );
}

/** Lines sorted by when they were added, with totals computed in cents. */
export function cartView(item) {
  const lines = Object.values(item?.cart ?? {})
    .filter((line) => line && Number(line.quantity) > 0)
    .sort((a, b) => String(a.addedAt).localeCompare(String(b.addedAt)) || a.productId.localeCompare(b.productId))
    .map((line) => ({ ...line, lineTotal: fromCents(toCents(line.price) * line.quantity) }));
  const totalCents = lines.reduce((sum, line) => sum + toCents(line.price) * line.quantity, 0);
  return { items: lines, itemCount: lines.reduce((sum, line) => sum + line.quantity, 0), total: fromCents(totalCents) };
}
