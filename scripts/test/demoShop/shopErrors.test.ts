import { describe, expect, it } from '@jest/globals';
import { ADMIN_SECRET, newShopper } from './shopHarness.js';
import { useSeededShop } from './shopSuite.js';

describe('demo shop: bad input gets a clear 4xx and changes nothing', () => {
  const shop = useSeededShop();

  it('refuses a second registration of a username, whatever its case, with 409', async () => {
    const first = await shop().call('account', 'POST', '/register', { body: { username: 'oskar', password: 'first password' } });
    expect(first.status).toBe(201);
    const again = await shop().call('account', 'POST', '/register', { body: { username: 'Oskar', password: 'other password' } });
    expect(again).toEqual(expect.objectContaining({ status: 409, body: { message: 'The username "oskar" is already taken.' } }));
    // The first owner's password still works: the second attempt overwrote nothing.
    expect((await shop().call('account', 'POST', '/login', { body: { username: 'oskar', password: 'first password' } })).status).toBe(200);
    expect((await shop().call('account', 'POST', '/login', { body: { username: 'oskar', password: 'other password' } })).status).toBe(401);
  });

  it('answers 401 with one message for a wrong password and for an unknown user', async () => {
    await shop().call('account', 'POST', '/register', { body: { username: 'lena', password: 'lenas password' } });
    const wrong = await shop().call('account', 'POST', '/login', { body: { username: 'lena', password: 'not her password' } });
    const unknown = await shop().call('account', 'POST', '/login', { body: { username: 'nobody-here', password: 'whatever123' } });
    expect(wrong).toEqual(expect.objectContaining({ status: 401, body: { message: 'Incorrect username or password.' } }));
    expect(unknown).toEqual(expect.objectContaining({ status: 401, body: { message: 'Incorrect username or password.' } }));
  });

  it.each([
    ['a missing password', { username: 'valid-name' }, '"password" is required and must be a string.'],
    ['a short password', { username: 'valid-name', password: 'short' }, '"password" must be at least 8 characters long.'],
    ['a username with spaces', { username: 'two words', password: 'long enough' }, /^"username" must be 3 to 32 characters/],
    ['a malformed email', { username: 'valid-name', password: 'long enough', email: 'not-an-email' }, '"email" must look like name@example.com.'],
  ])('rejects registration with %s (400)', async (_case, body, message) => {
    const answer = await shop().call('account', 'POST', '/register', { body });
    expect(answer.status).toBe(400);
    expect(answer.body.message).toEqual(typeof message === 'string' ? message : expect.stringMatching(message));
    expect((await shop().call('account', 'POST', '/login', { body: { username: 'valid-name', password: 'long enough' } })).status).toBe(401);
  });

  it('rejects a body that is not JSON, and decodes base64 bodies', async () => {
    const garbled = await shop().call('account', 'POST', '/login', { rawBody: '{"username": "lena",' });
    expect(garbled).toEqual(expect.objectContaining({ status: 400, body: { message: 'The request body is not valid JSON.' } }));
    const encoded = await shop().call('account', 'POST', '/login', { body: { username: 'lena', password: 'lenas password' }, base64: true, headers: { 'content-type': 'application/octet-stream' } });
    expect(encoded.status).toBe(200);
  });

  it('rejects forged, missing and tampered session tokens with 401', async () => {
    const { token } = await newShopper(shop());
    expect((await shop().call('cart', 'GET', '/cart')).status).toBe(401);
    expect((await shop().call('cart', 'GET', '/cart', { token: 'abc.def' })).status).toBe(401);
    const [payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = `${Buffer.from(JSON.stringify({ ...claims, u: 'oskar' })).toString('base64url')}.${signature}`;
    const answer = await shop().call('orders', 'GET', '/orders', { token: forged });
    expect(answer).toEqual(expect.objectContaining({ status: 401, body: { message: 'Your session is invalid or has expired. Please log in again.' } }));
  });

  it('rejects bad cart input with 400 or 404 and leaves the cart as it was', async () => {
    const { token } = await newShopper(shop());
    await shop().call('cart', 'POST', '/cart/items', { token, body: { productId: 'p-headlamp-400', quantity: 2 } });
    const cases: Array<[string, string, unknown, number]> = [
      ['POST', '/cart/items', { productId: 'p-headlamp-400', quantity: 0 }, 400],
      ['POST', '/cart/items', { productId: 'p-headlamp-400', quantity: 2.5 }, 400],
      ['POST', '/cart/items', { productId: 'p-headlamp-400', quantity: 98 }, 400],
      ['POST', '/cart/items', { productId: 'DROP TABLE' }, 400],
      ['POST', '/cart/items', { productId: 'p-no-such-thing' }, 404],
      ['PATCH', '/cart/items/p-headlamp-400', { quantity: 3, delta: 1 }, 400],
      ['PATCH', '/cart/items/p-headlamp-400', { delta: 98 }, 400],
      ['PATCH', '/cart/items/p-headlamp-400', { quantity: -1 }, 400],
      ['PATCH', '/cart/items/p-spork-titanium', { delta: 1 }, 404],
    ];
    for (const [method, path, body, status] of cases) {
      const answer = await shop().call('cart', method, path, { token, body });
      expect({ method, path, body, status: answer.status }).toEqual({ method, path, body, status });
      expect(typeof answer.body.message).toBe('string');
    }
    const cart = await shop().call('cart', 'GET', '/cart', { token });
    expect(cart.body.cart.items.map((line: any) => [line.productId, line.quantity])).toEqual([['p-headlamp-400', 2]]);
  });

  it('refuses to check out an empty cart (400) and reports unknown orders (404)', async () => {
    const { token } = await newShopper(shop());
    expect(await shop().call('orders', 'POST', '/orders', { token })).toEqual(expect.objectContaining({ status: 400, body: { message: 'Your cart is empty.' } }));
    expect((await shop().call('orders', 'GET', '/orders/o-20260101T000000000Z-00000000', { token })).status).toBe(404);
    expect((await shop().call('orders', 'GET', '/orders/not-an-order', { token })).status).toBe(400);
    expect((await shop().call('orders', 'GET', '/orders', { token, query: { cursor: '%%%' } })).status).toBe(400);
  });

  it('answers 404 for unknown routes and products, 405 for a wrong method', async () => {
    expect(await shop().call('catalog', 'GET', '/nowhere')).toEqual(expect.objectContaining({ status: 404, body: { message: 'No route for GET /nowhere.' } }));
    expect((await shop().call('catalog', 'GET', '/products/p-no-such-thing')).status).toBe(404);
    expect((await shop().call('catalog', 'DELETE', '/categories')).status).toBe(405);
    expect((await shop().call('catalog', 'GET', '/search')).status).toBe(400);
    expect((await shop().call('catalog', 'GET', '/categories/footwear/products', { query: { limit: '0' } })).status).toBe(400);
  });

  it('protects the admin actions with the admin secret (403)', async () => {
    expect((await shop().call('admin', 'POST', '/admin/seed')).status).toBe(403);
    expect((await shop().call('admin', 'POST', '/admin/seed', { headers: { 'x-admin-secret': 'guess' } })).status).toBe(403);
    const restock = await shop().call('admin', 'PUT', '/admin/products/p-headlamp-400/stock', { headers: { 'x-admin-secret': ADMIN_SECRET }, body: { stock: -1 } });
    expect(restock.status).toBe(400);
  });
});
