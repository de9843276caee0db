import { KUHIRO_BIN, SHOP_DIR } from './repoPaths.js';
import { runToEnd } from './childProcess.js';

/** The shop's function URLs on one PoP, by the template's logical ids (CatalogFunction, ...). */
export type ShopUrls = Record<string, string>;

export interface ShopSecrets {
  sessionSecret: string;
  adminSecret: string;
}

/**
 * `kuhiro deploy --app demo-shop --endpoint <pop>`, as a user would run it. The URLs are read
 * from the command's "Function URLs:" lines rather than from demo-shop/.kuhiro/deploy-edge.json,
 * which every deploy to any PoP overwrites.
 */
export async function deployShop(endpoint: string, secrets: ShopSecrets): Promise<ShopUrls> {
  const run = await runToEnd(process.execPath, [
    KUHIRO_BIN,
    'deploy',
    '--app',
    SHOP_DIR,
    '--endpoint',
    endpoint,
    '--parameter',
    `SessionSecret=${secrets.sessionSecret}`,
    '--parameter',
    `AdminSecret=${secrets.adminSecret}`,
  ]);
  if (run.code !== 0) throw new Error(`kuhiro deploy to ${endpoint} failed (exit ${run.code}):\n${run.stderr || run.stdout}`);
  const urls = functionUrlsFromDeployOutput(run.stdout);
  for (const id of ['CatalogFunction', 'AccountFunction', 'CartFunction', 'OrdersFunction', 'AdminFunction']) {
    if (!urls[id]) throw new Error(`kuhiro deploy to ${endpoint} printed no URL for ${id}:\n${run.stdout}`);
  }
  return urls;
}

export function functionUrlsFromDeployOutput(stdout: string): ShopUrls {
  const lines = stdout.split('\n');
  const start = lines.findIndex((line) => line.trim() === 'Function URLs:');
  const urls: ShopUrls = {};
  if (start < 0) return urls;
  for (const line of lines.slice(start + 1)) {
    const match = /^\s+(\w+)\s+(https?:\/\/\S+)\s*$/.exec(line);
    if (!match) break;
    urls[match[1]!] = match[2]!;
  }
  return urls;
}

/** The page's config.json for one PoP (the same keys as demo-shop/tools/webConfig.mjs writes). */
export function webConfigFor(urls: ShopUrls, pop: string): Record<string, string> {
  return { catalogUrl: urls.CatalogFunction!, accountUrl: urls.AccountFunction!, cartUrl: urls.CartFunction!, ordersUrl: urls.OrdersFunction!, pop };
}
