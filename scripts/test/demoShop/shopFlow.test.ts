import { describe, expect, it } from '@jest/globals';
import { DeleteItemCommand, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { useSeededShop } from './shopSuite.js';

describe('demo shop: a shopper from registration to order history', () => {
  const shop = useSeededShop();

  async function stockOf(productId: string): Promise<number> {
    const { Item } = await shop().dynamodb.send(
      new GetItemCommand({ TableName: shop().tableName('ProductsTable'), Key: { productId: { S: productId } }, ConsistentRead: true }),
    );
    return Number(Item!.stock!.N);
  }

  it('registers, logs in, fills the cart, buys it and finds the order', async () => {
    const registered = await shop().call('account', 'POST', '/register', {
      body: { username: 'Maja', password: 'a long enough secret', displayName: 'Maja K.', email: 'maja@example.com' },
    });
    expect(registered.status).toBe(201);
    expect(registered.body.user).toEqual(expect.objectContaining({ username: 'maja', displayName: 'Maja K.', email: 'maja@example.com' }));
    expect(registered.body.user.passwordHash).toBeUndefined();

    const login = await shop().call('account', 'POST', '/login', { body: { username: 'maja', password: 'a long enough secret' } });
    expect(login.status).toBe(200);
    const token: string = login.body.token;

    const session = await shop().call('account', 'GET', '/session', { token });
    expect(session).toEqual(expect.objectContaining({ status: 200, body: expect.objectContaining({ username: 'maja' }) }));

    const bootsBefore = await stockOf('p-summit-hiking-boot');
    const mugBefore = await stockOf('p-titanium-mug-450');
    expect((await shop().call('cart', 'POST', '/cart/items', { token, body: { productId: 'p-summit-hiking-boot' } })).status).toBe(201);
    const added = await shop().call('cart', 'POST', '/cart/items', { token, body: { productId: 'p-titanium-mug-450', quantity: 2 } });
    expect(added.status).toBe(201);
    expect(added.body.cart.items.map((line: any) => [line.productId, line.quantity])).toEqual([
      ['p-summit-hiking-boot', 1],
      ['p-titanium-mug-450', 2],
    ]);

    const increased = await shop().call('cart', 'PATCH', '/cart/items/p-titanium-mug-450', { token, body: { delta: 1 } });
    expect(increased.body.cart.items[1].quantity).toBe(3);
    const set = await shop().call('cart', 'PATCH', '/cart/items/p-summit-hiking-boot', { token, body: { quantity: 2 } });
    expect(set.status).toBe(200);
    // 2 x 219.00 + 3 x 32.00, summed in cents.
    expect(set.body.cart).toEqual(expect.objectContaining({ itemCount: 5, total: 534 }));

    const purchase = await shop().call('orders', 'POST', '/orders', { token });
    expect(purchase.status).toBe(201);
    const order = purchase.body.order;
    expect(order).toEqual(expect.objectContaining({ username: 'maja', status: 'placed', itemCount: 5, total: 534 }));
    expect(await stockOf('p-summit-hiking-boot')).toBe(bootsBefore - 2);
    expect(await stockOf('p-titanium-mug-450')).toBe(mugBefore - 3);

    const cartAfter = await shop().call('cart', 'GET', '/cart', { token });
    expect(cartAfter.body.cart).toEqual({ items: [], itemCount: 0, total: 0 });

    const history = await shop().call('orders', 'GET', '/orders', { token });
    expect(history.status).toBe(200);
    expect(history.body.orders.map((o: any) => o.orderId)).toEqual([order.orderId]);
    const detail = await shop().call('orders', 'GET', `/orders/${order.orderId}`, { token });
    expect(detail.body.order.items).toEqual([
      expect.objectContaining({ productId: 'p-summit-hiking-boot', quantity: 2, price: 219, lineTotal: 438 }),
      expect.objectContaining({ productId: 'p-titanium-mug-450', quantity: 3, price: 32, lineTotal: 96 }),
    ]);
  });

  it('lists newest orders first and pages through them with a cursor', async () => {
    const { token } = (await shop().call('account', 'POST', '/login', { body: { username: 'maja', password: 'a long enough secret' } })).body;
    await shop().call('cart', 'POST', '/cart/items', { token, body: { productId: 'p-spork-titanium' } });
    const second = (await shop().call('orders', 'POST', '/orders', { token })).body.order;
    const firstPage = await shop().call('orders', 'GET', '/orders', { token, query: { limit: '1' } });
    expect(firstPage.body.orders.map((o: any) => o.orderId)).toEqual([second.orderId]);
    const nextPage = await shop().call('orders', 'GET', '/orders', { token, query: { limit: '1', cursor: firstPage.body.cursor } });
    expect(nextPage.body.orders).toHaveLength(1);
    expect(nextPage.body.orders[0].orderId < second.orderId).toBe(true);
  });

  it('shows and edits the profile, and logging out ends the session', async () => {
    const { token } = (await shop().call('account', 'POST', '/login', { body: { username: 'maja', password: 'a long enough secret' } })).body;
    const edited = await shop().call('account', 'PATCH', '/profile', { token, body: { address: '1 Fjord Road, Bergen' } });
    expect(edited.status).toBe(200);
    const profile = await shop().call('account', 'GET', '/profile', { token });
    expect(profile.body.user).toEqual(expect.objectContaining({ username: 'maja', displayName: 'Maja K.', address: '1 Fjord Road, Bergen' }));
    expect(profile.body.user.passwordHash).toBeUndefined();

    expect((await shop().call('account', 'POST', '/logout', { token })).status).toBe(200);
    const after = await shop().call('account', 'GET', '/session', { token });
    expect(after.status).toBe(401);
    expect((await shop().call('cart', 'GET', '/cart', { token })).status).toBe(401);
  });

  it('keeps every change when two devices edit one cart at the same moment', async () => {
    const phone = (await shop().call('account', 'POST', '/login', { body: { username: 'maja', password: 'a long enough secret' } })).body.token;
    const laptop = (await shop().call('account', 'POST', '/login', { body: { username: 'maja', password: 'a long enough secret' } })).body.token;
    await Promise.all([
      shop().call('cart', 'POST', '/cart/items', { token: phone, body: { productId: 'p-headlamp-400' } }),
      shop().call('cart', 'POST', '/cart/items', { token: laptop, body: { productId: 'p-foam-mat-classic' } }),
      shop().call('cart', 'POST', '/cart/items', { token: phone, body: { productId: 'p-merino-leggings', quantity: 2 } }),
      shop().call('cart', 'POST', '/cart/items', { token: laptop, body: { productId: 'p-merino-leggings', quantity: 3 } }),
    ]);
    await Promise.all(Array.from({ length: 4 }, (_, i) => shop().call('cart', 'PATCH', '/cart/items/p-headlamp-400', { token: i % 2 ? phone : laptop, body: { delta: 1 } })));
    const { cart } = (await shop().call('cart', 'GET', '/cart', { token: phone })).body;
    const quantities = Object.fromEntries(cart.items.map((line: any) => [line.productId, line.quantity]));
    expect(quantities).toEqual({ 'p-headlamp-400': 5, 'p-foam-mat-classic': 1, 'p-merino-leggings': 5 });
    await Promise.all(Object.keys(quantities).map((id) => shop().call('cart', 'DELETE', `/cart/items/${id}`, { token: laptop })));
    expect((await shop().call('cart', 'GET', '/cart', { token: phone })).body.cart.items).toEqual([]);
  });

  it('accepts a well-signed session whose row has not reached this PoP yet, until it is logged out', async () => {
    const { token } = (await shop().call('account', 'POST', '/login', { body: { username: 'maja', password: 'a long enough secret' } })).body;
    const sessionId = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()).sid;
    // As if the login happened at another PoP and its session row is still on its way here.
    await shop().dynamodb.send(new DeleteItemCommand({ TableName: shop().tableName('SessionsTable'), Key: { sessionId: { S: sessionId } } }));
    expect((await shop().call('account', 'GET', '/session', { token })).status).toBe(200);
    expect((await shop().call('account', 'POST', '/logout', { token })).status).toBe(200);
    const after = await shop().call('account', 'GET', '/session', { token });
    expect(after).toEqual(expect.objectContaining({ status: 401, body: { message: 'You have logged out. Please log in again.' } }));
    const { Item } = await shop().dynamodb.send(new GetItemCommand({ TableName: shop().tableName('SessionsTable'), Key: { sessionId: { S: sessionId } } }));
    expect(Number(Item!.expiresAt!.N)).toBeGreaterThan(Date.now() / 1000);
  });
});
