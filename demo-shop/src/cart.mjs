// cart: view, add, change quantity, remove. Edge-local: every change is a per-product map write
// or a counter, so concurrent edits from two devices at two PoPs merge (see lib/carts.mjs).
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { MAX_LINES, MAX_QUANTITY, cartView, ensureCart, readCart } from './lib/carts.mjs';
import { db, table } from './lib/db.mjs';
import { badRequest, json, notFound } from './lib/http.mjs';
import { router } from './lib/router.mjs';
import { requireSession } from './lib/sessions.mjs';
import { integer, productId } from './lib/validate.mjs';

const conditionFailed = (error) => error.name === 'ConditionalCheckFailedException';

async function cartAnswer(username, status = 200) {
  return json(status, { cart: cartView(await readCart(username)) });
}

async function viewCart(request) {
  const { username } = await requireSession(request);
  return cartAnswer(username);
}

async function addToCart(request) {
  const { username } = await requireSession(request);
  const body = request.jsonBody();
  const id = productId(body.productId);
  const quantity = body.quantity === undefined ? 1 : integer(body.quantity, 'quantity', { min: 1, max: MAX_QUANTITY });
  const { Item: product } = await db().send(new GetCommand({ TableName: table('products'), Key: { productId: id } }));
  if (!product) throw notFound(`There is no product "${id}".`);

  // Add to an existing line (a counter) or create the line; a lost race between the two retries.
  for (let attempt = 0; attempt < 4; attempt++) {
    const current = await readCart(username);
    if (!current?.cart) {
      await ensureCart(username);
      continue;
    }
    const line = current.cart[id];
    try {
      if (line) {
        if (line.quantity + quantity > MAX_QUANTITY) throw badRequest(`You can have at most ${MAX_QUANTITY} of one product in your cart.`);
        await updateCart(username, id, 'ADD cart.#p.quantity :q', 'attribute_exists(cart.#p)', { ':q': quantity });
      } else {
        if (Object.keys(current.cart).length >= MAX_LINES) throw badRequest(`A cart holds at most ${MAX_LINES} different products.`);
        const newLine = { productId: id, name: product.name, price: product.price, quantity, addedAt: new Date().toISOString() };
        await updateCart(username, id, 'SET cart.#p = :line', 'attribute_not_exists(cart.#p)', { ':line': newLine });
      }
      return cartAnswer(username, 201);
    } catch (error) {
      if (!conditionFailed(error)) throw error;
    }
  }
  throw new Error('The cart kept changing while adding to it.');
}

function updateCart(username, id, updateExpression, conditionExpression, values) {
  return db().send(
    new UpdateCommand({
      TableName: table('carts'),
      Key: { username },
      UpdateExpression: updateExpression,
      ConditionExpression: conditionExpression,
      ExpressionAttributeNames: { '#p': id },
      ExpressionAttributeValues: values,
      ReturnValues: 'ALL_NEW',
    }),
  );
}

/**
 * `{ "delta": -1 }` adds to the quantity as a counter (concurrent +1s from two devices both count);
 * `{ "quantity": 3 }` sets it outright. A quantity that reaches 0 removes the line.
 */
async function changeQuantity(request) {
  const { username } = await requireSession(request);
  const id = productId(request.params.productId);
  const body = request.jsonBody();
  if ((body.delta === undefined) === (body.quantity === undefined)) throw badRequest('Send either "quantity" (the new amount) or "delta" (the change), not both.');
  try {
    if (body.quantity !== undefined) {
      const quantity = integer(body.quantity, 'quantity', { min: 0, max: MAX_QUANTITY });
      if (quantity === 0) return removeLine(username, id);
      await updateCart(username, id, 'SET cart.#p.quantity = :q', 'attribute_exists(cart.#p)', { ':q': quantity });
    } else {
      const delta = integer(body.delta, 'delta', { min: -MAX_QUANTITY, max: MAX_QUANTITY });
      if (delta === 0) throw badRequest('"delta" must not be 0.');
      const condition = delta > 0 ? 'attribute_exists(cart.#p) AND cart.#p.quantity <= :most' : 'attribute_exists(cart.#p)';
      const values = delta > 0 ? { ':q': delta, ':most': MAX_QUANTITY - delta } : { ':q': delta };
      const { Attributes } = await updateCart(username, id, 'ADD cart.#p.quantity :q', condition, values);
      if (Attributes.cart[id].quantity <= 0) return removeLine(username, id, 'cart.#p.quantity <= :zero');
    }
  } catch (error) {
    if (!conditionFailed(error)) throw error;
    const line = (await readCart(username))?.cart?.[id];
    if (!line) throw notFound(`"${id}" is not in your cart.`);
    throw badRequest(`You can have at most ${MAX_QUANTITY} of one product in your cart.`);
  }
  return cartAnswer(username);
}

async function removeLine(username, id, condition) {
  try {
    await db().send(
      new UpdateCommand({
        TableName: table('carts'),
        Key: { username },
        UpdateExpression: 'REMOVE cart.#p',
        ExpressionAttributeNames: { '#p': id },
        ...(condition ? { ConditionExpression: condition, ExpressionAttributeValues: { ':zero': 0 } } : {}),
      }),
    );
  } catch (error) {
    // Another device added to the line meanwhile: keep what it added.
    if (!conditionFailed(error)) throw error;
  }
  return cartAnswer(username);
}

async function removeFromCart(request) {
  const { username } = await requireSession(request);
  const id = productId(request.params.productId);
  const current = await readCart(username);
  if (!current?.cart) return cartAnswer(username);
  return removeLine(username, id);
}

export const handler = router({
  'GET /cart': viewCart,
  'POST /cart/items': addToCart,
  'PATCH /cart/items/:productId': changeQuantity,
  'DELETE /cart/items/:productId': removeFromCart,
});
