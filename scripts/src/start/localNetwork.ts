import { existsSync } from 'node:fs';
import { freePortBlock } from './freePorts.js';
import { join } from 'node:path';
import { KUHIRO_BIN, REPO_ROOT } from './repoPaths.js';
import { spawnUntil, type WatchedChild } from './childProcess.js';

export interface Pop {
  name: string;
  url: string;
  role: 'edge' | 'central';
}

export interface LocalNetwork {
  /** Where shoppers go: the edge PoPs (or the single node). */
  edges: Pop[];
  /** Every node, central included: the shop is deployed to each. */
  nodes: Pop[];
  statusUrl: string;
  /** 'network' when `kuhiro up` ran, 'single node' when only `kuhiro node` exists. */
  kind: 'network' | 'single node';
  /** The network's kuhiro.network.json (a network only): `kuhiro deploy --network` reads it. */
  networkFile?: string;
  child: WatchedChild;
  stop(): Promise<void>;
}

export interface LocalNetworkOptions {
  dataDir: string;
  /** Central's port for `kuhiro up` (edges take the next three), or the single node's port; 0 = free ones. */
  nodePort: number;
  onLog?: (line: string) => void;
}

const EDGES = 3;

interface UpJson {
  central: string;
  edges: { name: string; url: string }[];
  status: string;
}

/** `kuhiro up` exists once cli/dist holds its command; until then one `kuhiro node` stands in. */
export function hasUpCommand(): boolean {
  return existsSync(join(REPO_ROOT, 'cli/dist/src/commands/up.js'));
}

/** Starts `kuhiro up --json` (3 edges + central) or, without it, one `kuhiro node`. */
export async function startLocalNetwork(options: LocalNetworkOptions): Promise<LocalNetwork> {
  if (hasUpCommand()) {
    // A network made by an earlier start is reused (same ports, same network id as its data).
    const savedNetwork = join(options.dataDir, 'kuhiro.network.json');
    const where = existsSync(savedNetwork)
      ? ['--config', savedNetwork]
      : ['--port', String(options.nodePort === 0 ? await freePortBlock(EDGES + 1) : options.nodePort), '--edges', String(EDGES)];
    const child = await spawnUntil(process.execPath, [KUHIRO_BIN, 'up', '--json', '--data', options.dataDir, ...where], {
      ready: /^\s*(\{.*"edges".*\})\s*$/,
      label: 'kuhiro up',
      ownProcessGroup: true,
      timeoutMs: 90_000,
      ...(options.onLog ? { onLine: options.onLog } : {}),
    });
    const up = JSON.parse(child.match[1]!) as UpJson;
    const edges: Pop[] = up.edges.map((edge) => ({ name: edge.name, url: edge.url, role: 'edge' }));
    return {
      edges,
      nodes: [...edges, { name: 'central', url: up.central, role: 'central' }],
      statusUrl: up.status,
      kind: 'network',
      networkFile: savedNetwork,
      child,
      stop: child.stop,
    };
  }
  const child = await spawnUntil(
    process.execPath,
    [KUHIRO_BIN, 'node', '--port', String(options.nodePort), '--data', join(options.dataDir, 'node'), '--name', 'edge-1', '--log-level', 'warn'],
    { ready: /kuhiro node ready at (http:\/\/\S+)/, label: 'kuhiro node', timeoutMs: 30_000, ownProcessGroup: true, ...(options.onLog ? { onLine: options.onLog } : {}) },
  );
  const url = child.match[1]!;
  const edge: Pop = { name: 'edge-1', url, role: 'edge' };
  return { edges: [edge], nodes: [edge], statusUrl: `${url}/_kuhiro/`, kind: 'single node', child, stop: child.stop };
}
