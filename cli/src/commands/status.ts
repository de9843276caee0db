import { Command } from 'commander';

interface PeerView {
  name: string;
  role: string;
  group?: string;
  connected: boolean;
  rttMs: number | null;
  lagRecords: number;
  queueDepth: number;
}

interface NetworkView {
  node: string;
  role: string;
  networkId: string;
  pops: Array<{ name: string; url: string; role: string; group?: string }>;
  vector: Record<string, number>;
  peers: PeerView[];
  tables: Record<string, string[]>;
}

async function fetchView(url: string): Promise<NetworkView | undefined> {
  try {
    const response = await fetch(`${url}/_kuhiro/network`, { signal: AbortSignal.timeout(3000) });
    return response.ok ? ((await response.json()) as NetworkView) : undefined;
  } catch {
    return undefined;
  }
}

/** `kuhiro status`: the network as one PoP's admin API sees it, plus whether each PoP answers. */
export function statusCommand(): Command {
  return new Command('status')
    .description('Show the edge network: PoPs, roles, reachability, replication lag and queue per peer, tables per tenant.')
    .option('--endpoint <url>', 'any PoP of the network', 'http://127.0.0.1:4566')
    .option('--json', 'print one JSON object')
    .action(async (flags: { endpoint: string; json?: boolean }) => {
      const endpoint = flags.endpoint.replace(/\/$/, '');
      const view = await fetchView(endpoint);
      if (!view) throw new Error(`no edge network answers at ${endpoint}/_kuhiro/network (is the node running, and started with --network?)`);
      const peers = new Map(view.peers.map((peer) => [peer.name, peer]));
      const pops = await Promise.all(
        view.pops.map(async (pop) => {
          const own = pop.name === view.node;
          const reachable = own || (await fetchView(pop.url)) !== undefined;
          const peer = peers.get(pop.name);
          return {
            name: pop.name,
            role: pop.role,
            ...(pop.group !== undefined ? { group: pop.group } : {}),
            url: pop.url,
            reachable,
            ...(own ? { self: true } : { connected: peer?.connected ?? false, lagRecords: peer?.lagRecords ?? 0, queueDepth: peer?.queueDepth ?? 0, rttMs: peer?.rttMs ?? null }),
          };
        }),
      );
      const summary = { networkId: view.networkId, node: view.node, vector: view.vector, pops, tables: view.tables };
      if (flags.json) {
        process.stdout.write(JSON.stringify(summary) + '\n');
        return;
      }
      const lines = [`network ${view.networkId}, seen from ${view.node}`];
      lines.push('  POP             ROLE     REACHABLE  LINK        LAG  QUEUE  RTT');
      for (const pop of pops) {
        const link = 'self' in pop ? 'self' : pop.connected ? 'connected' : 'down';
        const lag = 'self' in pop ? '-' : String(pop.lagRecords);
        const queue = 'self' in pop ? '-' : String(pop.queueDepth);
        const rtt = 'self' in pop || pop.rttMs === null ? '-' : `${pop.rttMs} ms`;
        lines.push(`  ${pop.name.padEnd(15)} ${pop.role.padEnd(8)} ${(pop.reachable ? 'yes' : 'NO').padEnd(10)} ${link.padEnd(10)} ${lag.padStart(4)}  ${queue.padStart(5)}  ${rtt}`);
      }
      lines.push('  tables:');
      for (const [tenant, names] of Object.entries(view.tables)) lines.push(`    ${tenant}: ${names.join(', ')}`);
      process.stdout.write(lines.join('\n') + '\n');
    });
}
