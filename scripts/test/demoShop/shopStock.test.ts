import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ADMIN_SECRET, newShopper } from './shopHarness.js';
import { useSeededShop } from './shopSuite.js';
import { SHOP_DIR } from './shopPaths.js';

describe('demo shop: stock is never oversold', () => {
  const shop = useSeededShop();

  const restock = (productId: string, stock: number) =>
    shop().call('admin', 'PUT', `/admin/products/${productId}/stock`, { headers: { 'x-admin-secret': ADMIN_SECRET }, body: { stock } });
  const stockOf = async (productId: string) => (await shop().call('catalog', 'GET', `/products/${productId}`)).body.product.stock;

  it('answers 409 for a purchase beyond stock and changes neither stock, cart nor orders', async () => {
    expect((await restock('p-storm-dome-3', 2)).status).toBe(200);
    const { token } = await newShopper(shop());
    await shop().call('cart', 'POST', '/cart/items', { token, body: { productId: 'p-lantern-glow', quantity: 1 } });
    await shop().call('cart', 'POST', '/cart/items', { token, body: { productId: 'p-storm-dome-3', quantity: 3 } });
    const lanternBefore = await stockOf('p-lantern-glow');

    const purchase = await shop().call('orders', 'POST', '/orders', { token });
    expect(purchase.status).toBe(409);
    expect(purchase.body).toEqual({ message: 'Not enough "Storm Dome 3" in stock for 3.', productId: 'p-storm-dome-3', reason: 'OutOfStock' });
    expect(await stockOf('p-storm-dome-3')).toBe(2);
    expect(await stockOf('p-lantern-glow')).toBe(lanternBefore);
    expect((await shop().call('cart', 'GET', '/cart', { token })).body.cart.itemCount).toBe(4);
    expect((await shop().call('orders', 'GET', '/orders', { token })).body.orders).toEqual([]);

    // With the quantity lowered to what is left, the same cart goes through.
    await shop().call('cart', 'PATCH', '/cart/items/p-storm-dome-3', { token, body: { delta: -1 } });
    expect((await shop().call('orders', 'POST', '/orders', { token })).status).toBe(201);
    expect(await stockOf('p-storm-dome-3')).toBe(0);
  });

  it('refuses a checkout whose cart changed after it was read (409), buying nothing', async () => {
    const { username, token } = await newShopper(shop());
    await shop().call('cart', 'POST', '/cart/items', { token, body: { productId: 'p-lantern-glow', quantity: 2 } });
    const stockBefore = await stockOf('p-lantern-glow');
    // The checkout read 1 lantern while another device had meanwhile made it 2.
    const purchase = (await import(pathToFileURL(join(SHOP_DIR, 'src/lib/purchase.mjs')).href)) as any;
    const products = new Map([['p-lantern-glow', { productId: 'p-lantern-glow', name: 'Lantern Glow', price: 35 }]]);
    const lines = [{ productId: 'p-lantern-glow', quantity: 1 }];
    const attempt = purchase.placeOrder(purchase.orderFrom(username, lines, products), lines, products);
    await expect(attempt).rejects.toMatchObject({ statusCode: 409, message: 'Your cart changed during checkout. Please review it and try again.' });
    expect(await stockOf('p-lantern-glow')).toBe(stockBefore);
    expect((await shop().call('orders', 'GET', '/orders', { token })).body.orders).toEqual([]);
    expect((await shop().call('cart', 'GET', '/cart', { token })).body.cart.itemCount).toBe(2);
  });

  it('sells the last 3 items exactly once to 8 shoppers buying at the same moment', async () => {
    await restock('p-photo-pack-30', 3);
    const shoppers = await Promise.all(Array.from({ length: 8 }, () => newShopper(shop(), 'rush')));
    for (const { token } of shoppers) {
      await shop().call('cart', 'POST', '/cart/items', { token, body: { productId: 'p-photo-pack-30', quantity: 1 } });
    }
    const answers = await Promise.all(shoppers.map(({ token }) => shop().call('orders', 'POST', '/orders', { token })));
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([201, 201, 201, 409, 409, 409, 409, 409]);
    expect(await stockOf('p-photo-pack-30')).toBe(0);
    const ordered = await Promise.all(shoppers.map(async ({ token }) => (await shop().call('orders', 'GET', '/orders', { token })).body.orders.length));
    expect(ordered.reduce((sum, count) => sum + count, 0)).toBe(3);
  });
});
