import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startTcpProxy, type TcpProxy } from '@kuhiro/replication';
import { deployShop, urlsAt, type ShopSecrets, type ShopUrls } from '../src/start/deployShop.js';
import { freePortBlock } from '../src/start/freePorts.js';
import { KUHIRO_BIN } from '../src/start/repoPaths.js';
import { categoryCount, seedIfEmpty } from '../src/start/seedShop.js';
import { spawnUntil, type WatchedChild } from '../src/start/childProcess.js';
import { nodeToNodeMs, type Region } from './regions.js';

export type DeploymentKind = 'centralized' | 'edge';

export interface SimPop {
  name: string;
  region: Region;
  role: 'edge' | 'central';
  /** The node's own port (users reach it through their proxy, never directly). */
  port: number;
  /** Function URLs on the node, by logical id. */
  urls: ShopUrls;
  child: WatchedChild;
  killed: boolean;
}

export interface Deployment {
  kind: DeploymentKind;
  pops: SimPop[];
  /** SIGKILL one PoP: a data-centre outage, no clean shutdown. */
  kill(name: string): void;
  stop(): Promise<void>;
}

interface PopPlan {
  name: string;
  region: Region;
  role: 'edge' | 'central';
}

/** "centralized": one node standing for us-east-1. "edge": a PoP near each user region plus central in us-east-1. */
export function popPlan(kind: DeploymentKind): PopPlan[] {
  if (kind === 'centralized') return [{ name: 'central', region: 'us-east-1', role: 'central' }];
  return [
    { name: 'central', region: 'us-east-1', role: 'central' },
    { name: 'edge-oregon', region: 'us-west-2', role: 'edge' },
    { name: 'edge-frankfurt', region: 'eu-central-1', role: 'edge' },
    { name: 'edge-tokyo', region: 'ap-northeast-1', role: 'edge' },
  ];
}

/**
 * Starts the deployment's nodes (`kuhiro node` processes), with the delay proxy on every
 * node-to-node link: each node gets its own network file in which every peer's URL is a proxy
 * that adds the one-way backbone delay between the two regions. Then deploys and seeds the shop.
 */
export async function startDeployment(kind: DeploymentKind, options: { dataDir: string; secrets: ShopSecrets; log: (line: string) => void }): Promise<Deployment> {
  const plan = popPlan(kind);
  const base = await freePortBlock(plan.length);
  const ports = new Map(plan.map((pop, index) => [pop.name, base + index]));
  const proxies: TcpProxy[] = [];
  const pops: SimPop[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(pops.map((pop) => pop.child.stop()));
    await Promise.all(proxies.map((proxy) => proxy.close()));
  };
  try {
    const networkId = `geo-sim-${randomBytes(4).toString('hex')}`;
    const secret = randomBytes(24).toString('base64url');
    for (const pop of plan) {
      const dataDir = join(options.dataDir, kind, pop.name);
      await mkdir(dataDir, { recursive: true });
      const args = [KUHIRO_BIN, 'node', '--port', String(ports.get(pop.name)), '--data', dataDir, '--name', pop.name, '--log-level', 'warn'];
      if (plan.length > 1) {
        const peers = [];
        for (const peer of plan) {
          if (peer === pop) {
            peers.push({ name: peer.name, url: `http://127.0.0.1:${ports.get(peer.name)}`, role: peer.role });
            continue;
          }
          const proxy = await startTcpProxy({ targetPort: ports.get(peer.name)!, delayMs: nodeToNodeMs(pop.region, peer.region) });
          proxies.push(proxy);
          peers.push({ name: peer.name, url: proxy.url, role: peer.role });
        }
        const networkFile = join(dataDir, 'kuhiro.network.json');
        await writeFile(networkFile, JSON.stringify({ networkId, secret, pops: peers }, null, 2));
        args.push('--network', networkFile);
      }
      const child = await spawnUntil(process.execPath, args, { ready: /kuhiro node ready at (http:\/\/\S+)/, label: `${kind} ${pop.name}`, timeoutMs: 60_000 });
      pops.push({ ...pop, port: ports.get(pop.name)!, urls: {}, child, killed: false });
    }
    if (pops.length > 1) await waitUntilConnected(pops);
    // One deploy, at central: tables and functions (code and URL ids included) replicate to the
    // other PoPs, so each serves the same function URLs at its own origin.
    const central = pops.find((pop) => pop.role === 'central')!;
    options.log(`${kind}: deploying the shop at ${central.name} (${central.region}) ...`);
    central.urls = await deployShop({ endpoint: `http://127.0.0.1:${central.port}` }, options.secrets);
    for (const pop of pops) if (pop !== central) pop.urls = urlsAt(central.urls, `http://127.0.0.1:${pop.port}`);
    options.log(`${kind}: seeding the catalogue at central: ${await seedIfEmpty(central.urls, options.secrets.adminSecret)}`);
    for (const pop of pops.filter((p) => p !== central)) {
      const deadline = Date.now() + 30_000;
      // Until the functions have replicated, the PoP answers their URLs with 404: keep polling.
      const count = () => categoryCount(pop.urls).catch(() => 0);
      while (Date.now() < deadline && (await count()) === 0) await new Promise((r) => setTimeout(r, 250));
      if ((await count()) === 0) throw new Error(`the shop and its catalogue did not replicate to ${pop.name} within 30 s`);
    }
    return {
      kind,
      pops,
      kill(name) {
        const pop = pops.find((p) => p.name === name);
        if (!pop) throw new Error(`no PoP ${name}`);
        pop.killed = true;
        pop.child.child.kill('SIGKILL');
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitUntilConnected(pops: SimPop[]): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const views = await Promise.all(
      pops.map(async (pop) => {
        try {
          const response = await fetch(`http://127.0.0.1:${pop.port}/_kuhiro/network`, { signal: AbortSignal.timeout(2000) });
          return response.ok ? ((await response.json()) as { peers?: { connected: boolean }[] }) : undefined;
        } catch {
          return undefined;
        }
      }),
    );
    if (views.every((view) => view?.peers?.every((peer) => peer.connected))) return;
    if (Date.now() > deadline) throw new Error('the simulated network was not connected after 60 s');
    await new Promise((r) => setTimeout(r, 250));
  }
}
