import { describe, expect, it } from '@jest/globals';
import { functionUrlsFromDeployOutput, webConfigFor } from '../../src/start/deployShop.js';

describe("reading `kuhiro deploy`'s printed function URLs", () => {
  const output = [
    'Deploying stack demo-shop to edge http://127.0.0.1:4567',
    'No changes: stack demo-shop on edge is up to date.',
    'Function URLs:',
    '  CatalogFunction  http://127.0.0.1:4567/lambda-url/abc/',
    '  AccountFunction  http://127.0.0.1:4567/lambda-url/def/',
    'Deployed stack demo-shop to edge: 2 change(s).',
  ].join('\n');

  it('takes the indented "<LogicalId>  <url>" lines after "Function URLs:" and stops at the next line', () => {
    expect(functionUrlsFromDeployOutput(output)).toEqual({
      CatalogFunction: 'http://127.0.0.1:4567/lambda-url/abc/',
      AccountFunction: 'http://127.0.0.1:4567/lambda-url/def/',
    });
  });

  it('finds nothing when the deploy printed no URLs', () => {
    expect(functionUrlsFromDeployOutput('Deploying stack x\nPlan:\n  create table T')).toEqual({});
  });

  it("maps them onto the page's config.json keys", () => {
    const urls = { CatalogFunction: 'c', AccountFunction: 'a', CartFunction: 'k', OrdersFunction: 'o', AdminFunction: 'x' };
    expect(webConfigFor(urls, 'edge-2')).toEqual({ catalogUrl: 'c', accountUrl: 'a', cartUrl: 'k', ordersUrl: 'o', pop: 'edge-2' });
  });
});
