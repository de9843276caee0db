import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UsageError } from '../usageError.js';
import { deployApp, type DeployOptions } from './deployApp.js';
import { writeDeployState, type DeployState } from './deployState.js';
import { checkEndpoint, resolveTarget } from './target.js';

interface Pop {
  name: string;
  url: string;
  role: string;
}

/** The PoPs of a `kuhiro.network.json` (as `kuhiro up` writes it). */
export async function readNetworkPops(file: string): Promise<Pop[]> {
  let parsed: { pops?: unknown };
  try {
    parsed = JSON.parse(await readFile(file, 'utf8')) as { pops?: unknown };
  } catch (err) {
    throw new UsageError(`cannot read network file ${file}: ${(err as Error).message}`);
  }
  const pops = parsed.pops;
  if (!Array.isArray(pops) || pops.length === 0) throw new UsageError(`network file ${file} lists no pops`);
  return pops.map((pop: { name?: unknown; url?: unknown; role?: unknown }, i) => {
    if (typeof pop?.url !== 'string') throw new UsageError(`network file ${file}: pop ${i + 1} has no url`);
    return { name: typeof pop.name === 'string' ? pop.name : `pop-${i + 1}`, url: checkEndpoint(pop.url, `pop ${String(pop.name)} url`), role: String(pop.role ?? 'edge') };
  });
}

/**
 * Deploys an app to every PoP of an edge network. Function code is not replicated between PoPs
 * (each node runs its own workers), so every PoP gets the functions; tables are created where
 * missing (a PoP that already has one from replication reports it unchanged).
 */
export async function deployToNetwork(networkFile: string, options: Omit<DeployOptions, 'target'> & { region?: string }): Promise<DeployState | undefined> {
  const pops = await readNetworkPops(networkFile);
  const states: { pop: Pop; state: DeployState | undefined }[] = [];
  for (const pop of pops) {
    options.out(`== PoP ${pop.name} (${pop.role})`);
    const result = await deployApp({ ...options, target: resolveTarget('edge', { endpoint: pop.url, ...(options.region ? { region: options.region } : {}) }), writeState: false });
    states.push({ pop, state: result.state });
  }
  if (options.dryRun) return undefined;
  // Apps and `kuhiro switch` talk to one PoP: the first edge PoP (central only when there is no other).
  const primary = states.find((s) => s.pop.role === 'edge') ?? states[0]!;
  const state: DeployState = {
    ...primary.state!,
    pops: Object.fromEntries(states.map(({ pop, state: s }) => [pop.name, { endpoint: pop.url, role: pop.role, functions: s!.functions }])),
  };
  await writeDeployState(resolve(options.appDir), state);
  options.out(`Deployed to ${pops.length} PoPs; apps and kuhiro switch use ${primary.pop.name} (${primary.pop.url}).`);
  return state;
}
