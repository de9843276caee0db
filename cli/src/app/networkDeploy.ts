import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { GetFunctionCommand, GetFunctionUrlConfigCommand } from '@aws-sdk/client-lambda';
import { UsageError } from '../usageError.js';
import { createClients, type AppClients } from './clients.js';
import { deployApp, type DeployOptions } from './deployApp.js';
import { writeDeployState, type DeployState } from './deployState.js';
import { checkEndpoint, resolveTarget } from './target.js';

interface Pop {
  name: string;
  url: string;
  role: string;
}

/** How long `deploy --network` waits for every PoP to serve what it deployed, by default. */
export const DEFAULT_REPLICATION_TIMEOUT_MS = 60_000;
const POLL_MS = 250;

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

export type NetworkDeployOptions = Omit<DeployOptions, 'target'> & {
  region?: string;
  /** How long to wait for the other PoPs (default 60 s). */
  replicationTimeoutMs?: number;
};

/**
 * Deploys an app to an edge network through one PoP (the first edge; central when there is
 * none): the network replicates tables and functions (code included) to every other PoP. Then
 * waits until every PoP serves each function at the same code and revision and has each table,
 * and fails with the PoPs and resources still missing after the timeout.
 */
export async function deployToNetwork(networkFile: string, options: NetworkDeployOptions): Promise<DeployState | undefined> {
  const pops = await readNetworkPops(networkFile);
  // Apps and `kuhiro switch` talk to one PoP: the first edge PoP (central only when there is no other).
  const primary = pops.find((pop) => pop.role === 'edge') ?? pops[0]!;
  const others = pops.filter((pop) => pop !== primary);
  const { replicationTimeoutMs = DEFAULT_REPLICATION_TIMEOUT_MS, region, ...deployOptions } = options;
  const targetOf = (pop: Pop) => resolveTarget('edge', { endpoint: pop.url, ...(region ? { region } : {}) });
  options.out(`Deploying through PoP ${primary.name} (${primary.url}); the network replicates to ${others.length} other PoP(s).`);
  const result = await deployApp({ ...deployOptions, target: targetOf(primary), writeState: false });
  if (options.dryRun || !result.state) return undefined;

  const clients = new Map(pops.map((pop) => [pop.name, createClients(targetOf(pop))]));
  try {
    const expected = await expectedResources(clients.get(primary.name)!, result.state);
    if (others.length > 0) {
      options.out(`Waiting for ${others.map((pop) => pop.name).join(', ')} to serve ${expected.functions.length} function(s) and ${expected.tables.length} table(s) ...`);
      await waitForReplication(others, clients, expected, replicationTimeoutMs);
      options.out('Replicated: every PoP serves the same code.');
    }
    const perPop: NonNullable<DeployState['pops']> = {};
    for (const pop of pops) perPop[pop.name] = { endpoint: pop.url, role: pop.role, functions: await functionUrls(clients.get(pop.name)!, result.state) };
    const state: DeployState = { ...result.state, pops: perPop };
    await writeDeployState(resolve(options.appDir), state);
    options.out(`Deployed to ${pops.length} PoPs; apps and kuhiro switch use ${primary.name} (${primary.url}).`);
    return state;
  } finally {
    for (const client of clients.values()) client.destroy();
  }
}

interface ExpectedResources {
  functions: Array<{ name: string; codeSha256: string; revisionId: string }>;
  tables: string[];
}

async function expectedResources(primary: AppClients, state: DeployState): Promise<ExpectedResources> {
  const functions: ExpectedResources['functions'] = [];
  for (const { name } of Object.values(state.functions)) {
    const configuration = (await primary.lambda.send(new GetFunctionCommand({ FunctionName: name }))).Configuration!;
    functions.push({ name, codeSha256: configuration.CodeSha256 ?? '', revisionId: configuration.RevisionId ?? '' });
  }
  return { functions, tables: Object.values(state.tables).map((table) => table.name) };
}

/** Polls every PoP until none lacks anything; the error names what each PoP still lacks. */
async function waitForReplication(pops: Pop[], clients: Map<string, AppClients>, expected: ExpectedResources, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const missing = (await Promise.all(pops.map(async (pop) => ({ pop, lacks: await lacksAt(clients.get(pop.name)!, expected) })))).filter(({ lacks }) => lacks.length > 0);
    if (missing.length === 0) return;
    if (Date.now() >= deadline) {
      const detail = missing.map(({ pop, lacks }) => `${pop.name}: ${lacks.join(', ')}`).join('; ');
      throw new Error(`replication did not reach every PoP within ${Math.round(timeoutMs / 1000)} s (is every PoP up and connected? see kuhiro status). Still missing: ${detail}`);
    }
    await new Promise((done) => setTimeout(done, POLL_MS));
  }
}

/** What one PoP does not serve yet, in words for the timeout message. */
async function lacksAt(clients: AppClients, expected: ExpectedResources): Promise<string[]> {
  const lacks: string[] = [];
  try {
    for (const fn of expected.functions) {
      try {
        const configuration = (await clients.lambda.send(new GetFunctionCommand({ FunctionName: fn.name }))).Configuration;
        if (configuration?.CodeSha256 !== fn.codeSha256) lacks.push(`function ${fn.name} at CodeSha256 ${fn.codeSha256} (has ${configuration?.CodeSha256 ?? 'none'})`);
        else if (configuration.RevisionId !== fn.revisionId) lacks.push(`function ${fn.name} revision ${fn.revisionId}`);
      } catch (err) {
        if ((err as Error).name !== 'ResourceNotFoundException') throw err;
        lacks.push(`function ${fn.name}`);
      }
    }
    for (const table of expected.tables) {
      try {
        await clients.dynamodb.send(new DescribeTableCommand({ TableName: table }));
      } catch (err) {
        if ((err as Error).name !== 'ResourceNotFoundException') throw err;
        lacks.push(`table ${table}`);
      }
    }
  } catch (err) {
    return [`unreachable (${(err as Error).message})`];
  }
  return lacks;
}

/** Each function's URL at this PoP: replicated URL configs keep their id, the host is the PoP's. */
async function functionUrls(clients: AppClients, state: DeployState): Promise<DeployState['functions']> {
  const functions: DeployState['functions'] = {};
  for (const [logicalId, fn] of Object.entries(state.functions)) {
    const url = fn.url ? (await clients.lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: fn.name }))).FunctionUrl : undefined;
    functions[logicalId] = { name: fn.name, ...(url ? { url } : {}) };
  }
  return functions;
}
