import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { newShopper, startShop, type FunctionName, type Shop } from './shopHarness.js';
import { SHOP_DIR } from './shopPaths.js';

const WEB = join(SHOP_DIR, 'web');
const appSource = readFileSync(join(WEB, 'app.js'), 'utf8');

/** Every `api('service', 'METHOD', path)` call in app.js, with `${…}` parts filled with a sample id. */
function pageCalls(): Array<{ fn: FunctionName; method: string; path: string }> {
  const calls = [...appSource.matchAll(/api\('(\w+)', '([A-Z]+)', (['`])(.*?)\3/g)].map((match) => ({
    fn: match[1] as FunctionName,
    method: match[2]!,
    path: match[4]!.replace(/\$\{[^}]*\}/g, 'p-headlamp-400'),
  }));
  return calls;
}

describe('demo shop: the web page', () => {
  let shop: Shop;
  beforeAll(async () => {
    shop = await startShop();
  }, 60_000);
  afterAll(async () => {
    await shop?.stop();
  });

  it('loads its script and stylesheet from files that exist', () => {
    const html = readFileSync(join(WEB, 'index.html'), 'utf8');
    const assets = [...html.matchAll(/(?:src|href)="([^"#:]+)"/g)].map((match) => match[1]!);
    expect(assets.sort()).toEqual(['app.js', 'style.css']);
    for (const asset of assets) expect(existsSync(join(WEB, asset))).toBe(true);
  });

  it('calls only routes the functions serve', async () => {
    const calls = pageCalls();
    // Catalogue, auth, profile, cart lines, checkout and orders: the page uses every function but admin.
    expect(new Set(calls.map((call) => call.fn))).toEqual(new Set(['catalog', 'account', 'cart', 'orders']));
    expect(calls.length).toBeGreaterThanOrEqual(14);
    const { token } = await newShopper(shop, 'web');
    for (const call of calls) {
      const answer = await shop.call(call.fn, call.method, call.path.split('?')[0]!, { token, body: call.method === 'GET' ? undefined : {} });
      expect({ ...call, routed: answer.status !== 405 && !String(answer.body?.message).startsWith('No route') }).toEqual({ ...call, routed: true });
    }
  });

  it('turns the deploy state of `kuhiro deploy` into the page config', async () => {
    const { webConfig } = (await import(pathToFileURL(join(SHOP_DIR, 'tools/webConfig.mjs')).href)) as { webConfig: (state: unknown, pop?: string) => Record<string, string> };
    const functions = Object.fromEntries(['Catalog', 'Account', 'Cart', 'Orders', 'Admin'].map((name) => [`${name}Function`, { name: `shop-${name}`, url: `http://pop/lambda-url/${name.toLowerCase()}/` }]));
    expect(webConfig({ functions }, 'edge-2')).toEqual({
      catalogUrl: 'http://pop/lambda-url/catalog/',
      accountUrl: 'http://pop/lambda-url/account/',
      cartUrl: 'http://pop/lambda-url/cart/',
      ordersUrl: 'http://pop/lambda-url/orders/',
      pop: 'edge-2',
    });
    expect(() => webConfig({ functions: {} })).toThrow('The deploy state has no function URL for CatalogFunction; deploy the shop first.');
  });
});
