// Purchase: one TransactWriteItems that takes every line's quantity out of stock, writes the order
// and removes the bought lines from the cart, or does none of it.
//
// Stock is a bounded counter: `SET stock = stock - :q` with `ConditionExpression stock >= :q` on
// a table tagged kuhiro:bounded=stock>=0. On AWS that is the usual conditional update; the edge
// network serves it from the PoP's escrow share of the stock and asks central when the share runs
// out, so the last item is never sold twice.
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { randomBytes } from 'node:crypto';
import { db, table } from './db.mjs';
import { conflict } from './http.mjs';
import { fromCents, toCents } from './money.mjs';

export function newOrderId(now = new Date()) {
  // Sorts by time, so a descending Query lists the newest order first.
  return `o-${now.toISOString().replace(/[-:.]/g, '')}-${randomBytes(4).toString('hex')}`;
}

export function orderFrom(username, lines, products, now = new Date()) {
  const items = lines.map((line) => {
    const product = products.get(line.productId);
    // The shopper pays the current price, not the one shown when the line was added.
    return { productId: line.productId, name: product.name, price: product.price, quantity: line.quantity, lineTotal: fromCents(toCents(product.price) * line.quantity) };
  });
  const totalCents = items.reduce((sum, item) => sum + toCents(item.price) * item.quantity, 0);
  return {
    username,
    orderId: newOrderId(now),
    createdAt: now.toISOString(),
    status: 'placed',
    items,
    itemCount: items.reduce((sum, item) => sum + item.quantity, 0),
    total: fromCents(totalCents),
    ...(process.env.KUHIRO_POP ? { pop: process.env.KUHIRO_POP } : {}),
  };
}

function transactItems(order, lines) {
  const stockUpdates = lines.map((line) => ({
    Update: {
      TableName: table('products'),
      Key: { productId: line.productId },
      UpdateExpression: 'SET stock = stock - :q',
      ConditionExpression: 'stock >= :q',
      ExpressionAttributeValues: { ':q': line.quantity },
    },
  }));
  const names = Object.fromEntries(lines.map((line, i) => [`#p${i}`, line.productId]));
  const values = Object.fromEntries(lines.map((line, i) => [`:q${i}`, line.quantity]));
  const cartUpdate = {
    Update: {
      TableName: table('carts'),
      Key: { username: order.username },
      UpdateExpression: `REMOVE ${lines.map((_, i) => `cart.#p${i}`).join(', ')}`,
      // The cart must still hold what is being bought; a device that changed it meanwhile wins.
      ConditionExpression: lines.map((_, i) => `cart.#p${i}.quantity = :q${i}`).join(' AND '),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
  const orderPut = { Put: { TableName: table('orders'), Item: order, ConditionExpression: 'attribute_not_exists(orderId)' } };
  return [...stockUpdates, orderPut, cartUpdate];
}

/** Runs the transaction; turns cancellation reasons into messages a shopper understands. */
export async function placeOrder(order, lines, products) {
  const items = transactItems(order, lines);
  for (let attempt = 0; ; attempt++) {
    try {
      await db().send(new TransactWriteCommand({ TransactItems: items }));
      return order;
    } catch (error) {
      if (error.name !== 'TransactionCanceledException') throw error;
      const reasons = error.CancellationReasons ?? [];
      const codes = reasons.map((reason) => reason?.Code ?? 'None');
      const shortIndex = codes.findIndex((code, i) => i < lines.length && code === 'ConditionalCheckFailed');
      if (shortIndex >= 0) {
        const line = lines[shortIndex];
        const product = products.get(line.productId);
        throw conflict(`Not enough "${product.name}" in stock for ${line.quantity}.`, { productId: line.productId, reason: 'OutOfStock' });
      }
      if (codes[lines.length + 1] === 'ConditionalCheckFailed') {
        throw conflict('Your cart changed during checkout. Please review it and try again.', { reason: 'CartChanged' });
      }
      // Another transaction held one of these items: DynamoDB asks the caller to retry.
      if (codes.includes('TransactionConflict') && attempt < 4) {
        await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt + Math.random() * 25));
        continue;
      }
      throw conflict('The checkout could not complete because other shoppers were buying the same items. Please try again.', { reason: 'Busy' });
    }
  }
}
