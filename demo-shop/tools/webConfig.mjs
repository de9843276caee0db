#!/usr/bin/env node
// Writes the web page's config.json from what `kuhiro deploy` recorded, and prints a link that
// carries the same URLs as query parameters (works from file:// too, and for any PoP).
//
//   node demo-shop/tools/webConfig.mjs [deploy-state.json] [out.json] [pop]
//   defaults: demo-shop/.kuhiro/deploy-edge.json, demo-shop/web/config.json, no PoP name
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const SERVICES = { catalogUrl: 'CatalogFunction', accountUrl: 'AccountFunction', cartUrl: 'CartFunction', ordersUrl: 'OrdersFunction' };

export function webConfig(deployState, pop) {
  const config = {};
  for (const [key, logicalId] of Object.entries(SERVICES)) {
    const url = deployState.functions?.[logicalId]?.url;
    if (!url) throw new Error(`The deploy state has no function URL for ${logicalId}; deploy the shop first.`);
    config[key] = url;
  }
  if (pop) config.pop = pop;
  return config;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const statePath = process.argv[2] ?? fileURLToPath(new URL('../.kuhiro/deploy-edge.json', import.meta.url));
  const outPath = process.argv[3] ?? fileURLToPath(new URL('../web/config.json', import.meta.url));
  try {
    const config = webConfig(JSON.parse(readFileSync(statePath, 'utf8')), process.argv[4]);
    writeFileSync(outPath, JSON.stringify(config, null, 2) + '\n');
    const page = pathToFileURL(fileURLToPath(new URL('../web/index.html', import.meta.url)));
    console.log(`wrote ${outPath}\nopen ${page}?${new URLSearchParams(config)}`);
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
