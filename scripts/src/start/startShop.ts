import { resolve } from 'node:path';
import { deployShop, urlsAt, webConfigFor, type ShopSecrets, type ShopUrls } from './deployShop.js';
import { startLocalNetwork, type LocalNetwork } from './localNetwork.js';
import { categoryCount, seedIfEmpty } from './seedShop.js';
import { loadOrCreateShopSecrets } from './shopSecrets.js';
import { startShopWebServer, type ShopWebServer } from './webServer.js';

export interface ShopAtPop {
  name: string;
  urls: ShopUrls;
  /** The web page for this PoP. */
  shopUrl: string;
}

export interface RunningShop {
  network: LocalNetwork;
  web: ShopWebServer;
  edges: ShopAtPop[];
  secrets: ShopSecrets;
  /** Stops the web server and every node; safe to call twice. */
  stop(): Promise<void>;
}

export interface StartShopOptions {
  dataDir: string;
  /** 0 = any free port. A taken non-zero port falls back to a free one. */
  webPort: number;
  /** The single node's port when `kuhiro up` is not built. */
  nodePort: number;
  progress?: (line: string) => void;
  /** The network's own output lines after it is ready. */
  onNetworkLog?: (line: string) => void;
}

/**
 * The demo end to end: a local network (or one node), the shop deployed to every node with
 * `kuhiro deploy`, the catalogue seeded, and the page served per PoP.
 */
export async function startShop(options: StartShopOptions): Promise<RunningShop> {
  const progress = options.progress ?? (() => undefined);
  const dataDir = resolve(options.dataDir);
  progress(`starting the local edge network (data in ${dataDir}) ...`);
  const network = await startLocalNetwork({ dataDir, nodePort: options.nodePort, ...(options.onNetworkLog ? { onLog: options.onNetworkLog } : {}) });
  let web: ShopWebServer | undefined;
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      await web?.close();
      await network.stop();
    })());
  try {
    progress(
      network.kind === 'network'
        ? `network up: ${network.nodes.map((node) => `${node.name} ${node.url}`).join(', ')}`
        : `\`kuhiro up\` is not built; one node stands in for the network: ${network.edges[0]!.url}`,
    );
    const secrets = await loadOrCreateShopSecrets(dataDir);
    const deployed: { name: string; urls: ShopUrls }[] = [];
    if (network.networkFile) {
      // One deploy through the first edge; the network replicates tables and functions (code and
      // URL ids included) to every PoP, and the command waits until each PoP serves them.
      progress(`deploying the shop to the network (kuhiro deploy --app demo-shop --network ${network.networkFile}) ...`);
      const urls = await deployShop({ networkFile: network.networkFile }, secrets);
      for (const edge of network.edges) deployed.push({ name: edge.name, urls: urlsAt(urls, edge.url) });
    } else {
      for (const node of network.nodes) {
        progress(`deploying the shop to ${node.name} (kuhiro deploy --app demo-shop --endpoint ${node.url}) ...`);
        const urls = await deployShop({ endpoint: node.url }, secrets);
        if (node.role === 'edge') deployed.push({ name: node.name, urls });
      }
    }
    await seedEverywhere(deployed, secrets.adminSecret, progress);
    web = await listenForWeb(new Map(deployed.map((edge) => [edge.name, webConfigFor(edge.urls, edge.name)])), options.webPort, progress);
    const server = web;
    return { network, web: server, edges: deployed.map((edge) => ({ ...edge, shopUrl: server.shopUrl(edge.name) })), secrets, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function listenForWeb(configs: Map<string, Record<string, string>>, port: number, progress: (line: string) => void): Promise<ShopWebServer> {
  try {
    return await startShopWebServer(configs, port);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === 0) throw error;
    progress(`port ${port} is taken; serving the page on a free port instead`);
    return startShopWebServer(configs, 0);
  }
}

/** After the first PoP is seeded, the others receive the catalogue by replication; seed any that do not. */
async function seedEverywhere(edges: { name: string; urls: ShopUrls }[], adminSecret: string, progress: (line: string) => void): Promise<void> {
  const [first, ...others] = edges;
  progress(`seeding the catalogue at ${first!.name}: ${await seedIfEmpty(first!.urls, adminSecret)}`);
  for (const edge of others) {
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && (await categoryCount(edge.urls)) === 0) await new Promise((r) => setTimeout(r, 250));
    const outcome = await seedIfEmpty(edge.urls, adminSecret);
    progress(`catalogue at ${edge.name}: ${outcome === 'seeded' ? 'had not replicated, seeded there' : 'replicated'}`);
  }
}
