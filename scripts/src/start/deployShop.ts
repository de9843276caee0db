import { KUHIRO_BIN, SHOP_DIR } from './repoPaths.js';
import { runToEnd } from './childProcess.js';

/** The shop's function URLs on one PoP, by the template's logical ids (CatalogFunction, ...). */
export type ShopUrls = Record<string, string>;

export interface ShopSecrets {
  sessionSecret: string;
  adminSecret: string;
}

/** Where `kuhiro deploy` sends the shop: one node, or a whole network through its first edge. */
export type DeployTarget = { endpoint: string } | { networkFile: string };

/**
 * `kuhiro deploy --app demo-shop --endpoint <pop>` (or `--network <file>`), as a user would run
 * it. The URLs are read from the command's "Function URLs:" lines rather than from
 * demo-shop/.kuhiro/deploy-edge.json, which every deploy of the shop overwrites (tests deploy it
 * to several networks at once). On a network they are the first edge's URLs; `urlsAt` gives any
 * other PoP's, since function URL ids replicate with their functions.
 */
export async function deployShop(target: DeployTarget, secrets: ShopSecrets): Promise<ShopUrls> {
  const where = 'endpoint' in target ? ['--endpoint', target.endpoint] : ['--network', target.networkFile];
  const described = 'endpoint' in target ? target.endpoint : `the network in ${target.networkFile}`;
  const run = await runToEnd(process.execPath, [
    KUHIRO_BIN,
    'deploy',
    '--app',
    SHOP_DIR,
    ...where,
    '--parameter',
    `SessionSecret=${secrets.sessionSecret}`,
    '--parameter',
    `AdminSecret=${secrets.adminSecret}`,
  ]);
  if (run.code !== 0) throw new Error(`kuhiro deploy to ${described} failed (exit ${run.code}):\n${run.stderr || run.stdout}`);
  const urls = functionUrlsFromDeployOutput(run.stdout);
  for (const id of ['CatalogFunction', 'AccountFunction', 'CartFunction', 'OrdersFunction', 'AdminFunction']) {
    if (!urls[id]) throw new Error(`kuhiro deploy to ${described} printed no URL for ${id}:\n${run.stdout}`);
  }
  return urls;
}

/** The same function URLs served by another PoP: same path (the URL id), that PoP's origin. */
export function urlsAt(urls: ShopUrls, popUrl: string): ShopUrls {
  return Object.fromEntries(Object.entries(urls).map(([id, url]) => [id, new URL(new URL(url).pathname, popUrl).toString()]));
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
