// The geography simulator: the demo shop served by one central node vs an edge network, with
// users in four regions and realistic one-way delays (see docs/geo-sim/README.md).
//
//   node scripts/dist/geo-sim/run.js [--users-per-region 3] [--actions 20] [--out docs/geo-sim]
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startTcpProxy, type TcpProxy } from '@kuhiro/replication';
import { REPO_ROOT, SHOP_DIR } from '../src/start/repoPaths.js';
import { startDeployment, type Deployment, type DeploymentKind } from './deployment.js';
import { byDistance, REGIONS, userToPopMs } from './regions.js';
import { markdownTable, summarize, svgChart } from './report.js';
import { Shopper, seededRandom, type Catalogue, type Sample } from './shopper.js';
import { warmUp } from './warmUp.js';

const { values: flags } = parseArgs({
  options: {
    'users-per-region': { type: 'string', default: '3' },
    actions: { type: 'string', default: '20' },
    out: { type: 'string', default: join(REPO_ROOT, 'docs/geo-sim') },
  },
});
const USERS_PER_REGION = Number(flags['users-per-region']);
const ACTIONS_PER_USER = Number(flags.actions);
/** The PoP that fails mid-run in the edge deployment; its users move to the next nearest PoP. */
const KILLED_POP = 'edge-frankfurt';

const log = (line: string): void => void process.stderr.write(`[geo-sim] ${line}\n`);

async function loadCatalogue(): Promise<Catalogue> {
  const seed = JSON.parse(await readFile(join(SHOP_DIR, 'seed/catalog.json'), 'utf8')) as {
    categories: { slug: string }[];
    products: { id: string; name: string }[];
  };
  const prefixes = [...new Set(seed.products.map((p) => p.name.slice(0, 3).toLowerCase()))];
  return { categories: seed.categories.map((c) => c.slug), productIds: seed.products.map((p) => p.id), searchPrefixes: prefixes };
}

async function runScenario(deployment: Deployment, catalogue: Catalogue): Promise<{ samples: Sample[]; killedAt?: number; seconds: number }> {
  const proxies = new Map<string, Map<string, TcpProxy>>();
  for (const region of REGIONS) {
    const perPop = new Map<string, TcpProxy>();
    for (const pop of deployment.pops) perPop.set(pop.name, await startTcpProxy({ targetPort: pop.port, delayMs: userToPopMs(region, pop.region) }));
    proxies.set(region, perPop);
  }
  const samples: Sample[] = [];
  const total = REGIONS.length * USERS_PER_REGION * (ACTIONS_PER_USER + 1);
  let killedAt: number | undefined;
  const started = performance.now();
  const record = (sample: Sample): void => {
    samples.push(sample);
    if (deployment.kind === 'edge' && killedAt === undefined && samples.length >= total / 2) {
      killedAt = samples.length;
      log(`edge: killing ${KILLED_POP} (SIGKILL) after ${samples.length} of ${total} actions`);
      deployment.kill(KILLED_POP);
    }
  };
  try {
    const shoppers = REGIONS.flatMap((region, regionIndex) => {
      // Nearest PoP first; a user of a region never goes to a PoP farther than central first.
      const order = byDistance(region, [...new Set(deployment.pops.map((pop) => pop.region))]).flatMap((r) => deployment.pops.filter((pop) => pop.region === r));
      return Array.from({ length: USERS_PER_REGION }, (_, i) => {
        const id = `${region.replace(/[^a-z0-9]/g, '')}-${i}`;
        return new Shopper(id, region, order, proxies.get(region)!, catalogue, seededRandom(1000 * regionIndex + i + 1));
      });
    });
    await Promise.all(shoppers.map((shopper) => shopper.visit(ACTIONS_PER_USER, record)));
  } finally {
    for (const perPop of proxies.values()) await Promise.all([...perPop.values()].map((proxy) => proxy.close()));
  }
  return { samples, ...(killedAt !== undefined ? { killedAt } : {}), seconds: (performance.now() - started) / 1000 };
}

async function main(): Promise<void> {
  const began = performance.now();
  const dataDir = await mkdtemp(join(tmpdir(), 'kuhiro-geo-sim-'));
  const catalogue = await loadCatalogue();
  const secrets = { sessionSecret: 'geo-sim-session-secret-0123456789abcdef', adminSecret: 'geo-sim-admin-secret' };
  const results = new Map<DeploymentKind, Sample[]>();
  const runs: Record<string, unknown> = {};
  try {
    // Both deployments run at the same time, so both see the same load on this shared machine
    // (run one after the other, the comparison mostly measured what else the machine was doing).
    const deployments: Deployment[] = [];
    try {
      for (const kind of ['centralized', 'edge'] as const) {
        log(`${kind}: starting nodes ...`);
        deployments.push(await startDeployment(kind, { dataDir, secrets, log }));
      }
      log('warming up the functions ...');
      for (const deployment of deployments) await warmUp(deployment.pops);
      log(`both deployments at once: ${REGIONS.length * USERS_PER_REGION} users each, ${ACTIONS_PER_USER + 1} actions per user ...`);
      const loadBefore = loadavg()[0]!;
      const finished = await Promise.all(deployments.map((deployment) => runScenario(deployment, catalogue)));
      deployments.forEach((deployment, index) => {
        const run = finished[index]!;
        const kind = deployment.kind;
        results.set(kind, run.samples);
        const failures = run.samples.filter((s) => s.status === 0 || s.status >= 500).length;
        const failedOver = run.samples.filter((s) => s.failedOver).length;
        runs[kind] = { actions: run.samples.length, seconds: Number(run.seconds.toFixed(1)), failures, failedOver, ...(run.killedAt ? { killedAfter: run.killedAt, killed: KILLED_POP } : {}) };
        log(`${kind}: ${run.samples.length} actions in ${run.seconds.toFixed(1)} s, ${failures} failed, ${failedOver} moved to another PoP`);
      });
      runs.loadAverage1m = [Number(loadBefore.toFixed(1)), Number(loadavg()[0]!.toFixed(1))];
    } finally {
      await Promise.all(deployments.map((deployment) => deployment.stop()));
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }

  const cells = summarize(results);
  const out = resolve(flags.out);
  await mkdir(out, { recursive: true });
  const parameters = { usersPerRegion: USERS_PER_REGION, actionsPerUser: ACTIONS_PER_USER + 1, regions: REGIONS, killedPop: KILLED_POP };
  await writeFile(
    join(out, 'results.md'),
    `# Geography simulator: results\n\nGenerated by \`npm run geo-sim\` on ${new Date().toISOString()}. Parameters: ${JSON.stringify(parameters)}.\n` +
      `Runs: ${JSON.stringify(runs)}.\n\nLatency in ms per action as the user sees it (request + response through the delay proxy), ` +
      `answered requests only. Ratio = centralized / edge (above 1: the edge is faster). "Network floor" is the round trip the ` +
      `delay proxies alone add to one request (centralized / edge, nearest PoP); the rest is server time on this shared 2-core ` +
      `machine, which both deployments shared at the same time (\`loadAverage1m\`: the machine's 1-minute load average before and after, other work included).\n\n${markdownTable(cells)}\n\n![chart](latency.svg)\n`,
  );
  await writeFile(join(out, 'latency.svg'), svgChart(cells));
  const summary = Object.fromEntries(
    cells.filter((c) => c.action === 'all').map((c) => [c.region, { centralizedP50: c.centralized.p50, edgeP50: c.edge.p50, centralizedP99: c.centralized.p99, edgeP99: c.edge.p99 }]),
  );
  const line = { geoSim: { parameters, runs, byRegion: summary, seconds: Number(((performance.now() - began) / 1000).toFixed(1)) } };
  await writeFile(join(out, 'results.json'), JSON.stringify({ ...line, cells }, null, 2) + '\n');
  process.stdout.write(`${markdownTable(cells.filter((c) => c.action === 'all'))}\n${JSON.stringify(line, (_key, value: unknown) => (typeof value === 'number' ? Math.round(value * 10) / 10 : value))}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`[geo-sim] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
