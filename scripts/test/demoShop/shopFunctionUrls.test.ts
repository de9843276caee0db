import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CreateFunctionCommand, CreateFunctionUrlConfigCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { ADMIN_SECRET, FUNCTIONS, startShop, type FunctionName, type Shop } from './shopHarness.js';
import { readTemplate } from './shopTemplate.js';
import { shopCodeZip } from './shopZip.js';

/**
 * The shop deployed as a user would: the code zipped, one function per handler with the
 * template's environment, each with a function URL; then a shopper's round trip over HTTP.
 */
describe('demo shop: deployed to a node and used through its function URLs', () => {
  let shop: Shop;
  const urls = {} as Record<FunctionName, string>;
  beforeAll(async () => {
    shop = await startShop();
    const lambda = new LambdaClient({});
    const code = shopCodeZip();
    const environment = Object.fromEntries(
      ['PRODUCTS_TABLE', 'TAXONOMY_TABLE', 'USERS_TABLE', 'SESSIONS_TABLE', 'CARTS_TABLE', 'ORDERS_TABLE', 'SESSION_SECRET', 'ADMIN_SECRET'].map((name) => [name, process.env[name]!]),
    );
    try {
      for (const fn of FUNCTIONS) {
        await lambda.send(
          new CreateFunctionCommand({
            FunctionName: `shop-${fn}`,
            Runtime: readTemplate().Globals.Function.Runtime,
            Handler: `src/${fn}.handler`,
            Role: 'arn:aws:iam::000000000000:role/shop',
            Code: { ZipFile: code },
            Timeout: 30,
            Environment: { Variables: environment },
          }),
        );
        const url = await lambda.send(
          new CreateFunctionUrlConfigCommand({
            FunctionName: `shop-${fn}`,
            AuthType: 'NONE',
            Cors: { AllowOrigins: ['*'], AllowMethods: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'], AllowHeaders: ['content-type', 'authorization', 'x-admin-secret'] },
          }),
        );
        urls[fn] = url.FunctionUrl!;
      }
    } finally {
      lambda.destroy();
    }
  }, 120_000);
  afterAll(async () => {
    await shop?.stop();
  });

  async function call(fn: FunctionName, method: string, path: string, options: { body?: unknown; token?: string; headers?: Record<string, string> } = {}) {
    const response = await fetch(urls[fn].replace(/\/$/, '') + path, {
      method,
      headers: {
        origin: 'http://shop.example',
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers,
      },
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    return { status: response.status, headers: response.headers, body: JSON.parse((await response.text()) || 'null') };
  }

  it('seeds, registers, buys and lists the order over HTTP, with CORS headers for the page', async () => {
    const seeded = await call('admin', 'POST', '/admin/seed', { headers: { 'x-admin-secret': ADMIN_SECRET } });
    expect(seeded).toEqual(expect.objectContaining({ status: 200, body: { categories: 6, brands: 10, products: 60 } }));

    const search = await call('catalog', 'GET', '/search?q=pour');
    expect(search.body.items.map((p: any) => p.productId)).toEqual(['p-pour-over-coffee-kit']);
    expect(search.headers.get('access-control-allow-origin')).toBe('*');

    const registered = await call('account', 'POST', '/register', { body: { username: 'ines', password: 'ines secret 42' } });
    expect(registered.status).toBe(201);
    const token = registered.body.token;
    expect((await call('cart', 'POST', '/cart/items', { token, body: { productId: 'p-pour-over-coffee-kit', quantity: 2 } })).status).toBe(201);
    const order = await call('orders', 'POST', '/orders', { token });
    expect(order.status).toBe(201);
    expect(order.body.order).toEqual(expect.objectContaining({ total: 90, itemCount: 2 }));
    const history = await call('orders', 'GET', '/orders', { token });
    expect(history.body.orders.map((o: any) => o.orderId)).toEqual([order.body.order.orderId]);

    const duplicate = await call('account', 'POST', '/register', { body: { username: 'ines', password: 'another one' } });
    expect(duplicate).toEqual(expect.objectContaining({ status: 409, body: { message: 'The username "ines" is already taken.' } }));
    expect((await call('catalog', 'GET', '/no/such/route')).status).toBe(404);
  });

  it('answers a browser preflight from the URL config without running the function', async () => {
    const response = await fetch(urls.cart.replace(/\/$/, '') + '/cart/items', {
      method: 'OPTIONS',
      headers: { origin: 'http://shop.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-headers')).toContain('authorization');
  });
});
