import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GetFunctionCommand } from '@aws-sdk/client-lambda';
import { deployToNetwork } from '../../src/app/networkDeploy.js';
import type { DeployState } from '../../src/app/deployState.js';
import { copyHelloApp, isolatedAwsEnv, lambdaAt, runCliWithEnv, startTestNode, stopTestNode, tempDir, type TestNode } from '../app/appTestKit.js';
import { runCli } from '../helpers/nodeProcess.js';
import { freePortBlock } from '@kuhiro/replication';

describe('kuhiro deploy --network', () => {
  let root: string;
  let networkDir: string;
  let endpoints: { central: string; edges: Array<{ name: string; url: string }> };
  let lonely: TestNode | undefined;

  beforeAll(async () => {
    root = await tempDir('network-deploy');
    networkDir = join(root, 'network');
    const base = await freePortBlock(3);
    const up = await runCli(['up', '--detach', '--edges', '2', '--port', String(base), '--data', networkDir, '--json']);
    if (up.code !== 0) throw new Error(`kuhiro up failed: ${up.stderr}`);
    endpoints = JSON.parse(up.stdout) as typeof endpoints;
  }, 120_000);

  afterAll(async () => {
    if (existsSync(join(networkDir, 'kuhiro.pids.json'))) await runCli(['down', '--data', networkDir]);
    await stopTestNode(lonely);
    await rm(root, { recursive: true, force: true });
  }, 60_000);

  it('deploys through the first edge and waits until every PoP serves the same code', async () => {
    const appDir = await copyHelloApp(root, 'net-app');
    const run = await runCliWithEnv(['deploy', '--app', appDir, '--network', join(networkDir, 'kuhiro.network.json')], isolatedAwsEnv(root));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const edge1 = endpoints.edges[0]!.url;
    expect(run.stdout).toContain(`Deploying through PoP edge-1 (${edge1}); the network replicates to 2 other PoP(s).`);
    expect(run.stdout).toContain('Replicated: every PoP serves the same code.');
    expect(run.stdout).toContain(`Deployed to 3 PoPs; apps and kuhiro switch use edge-1 (${edge1}).`);
    // Each resource is created once, at edge-1.
    expect(run.stdout.match(/creating function/g)).toHaveLength(1);

    const state = JSON.parse(await readFile(join(appDir, '.kuhiro', 'deploy-edge.json'), 'utf8')) as DeployState;
    expect(state.endpoint).toBe(edge1);
    const urls = { central: endpoints.central, ...Object.fromEntries(endpoints.edges.map((edge) => [edge.name, edge.url])) };
    expect(Object.keys(state.pops!).sort()).toEqual(Object.keys(urls).sort());
    const codes = new Set<string | undefined>();
    for (const [name, url] of Object.entries(urls)) {
      const functionUrl = state.pops![name]!.functions.HelloFunction!.url!;
      expect(functionUrl.startsWith(`${url}/lambda-url/`)).toBe(true);
      const fn = await lambdaAt(url).send(new GetFunctionCommand({ FunctionName: 'net-app-HelloFunction' }));
      codes.add(fn.Configuration?.CodeSha256);
      expect(fn.Configuration?.Environment?.Variables).toEqual({ TABLE_NAME: 'net-app-GreetingsTable' });
      // The function and its table answer at every PoP.
      const answer = await fetch(`${functionUrl}?name=${name}`);
      expect(answer.status).toBe(200);
      expect(((await answer.json()) as { message: string }).message).toBe(`Hello, ${name}!`);
    }
    expect(codes.size).toBe(1);
  }, 180_000);

  it('fails with the PoPs and resources still missing when replication does not reach a PoP in time', async () => {
    lonely = await startTestNode('lonely'); // not part of the network: nothing replicates to it
    const networkFile = join(root, 'with-lonely.network.json');
    await writeFile(networkFile, JSON.stringify({ networkId: 'n', secret: 's', pops: [
      { name: 'edge-1', url: endpoints.edges[0]!.url, role: 'edge' },
      { name: 'lonely', url: lonely.url, role: 'edge' },
    ] }));
    const appDir = await copyHelloApp(root, 'late-app');
    const env = isolatedAwsEnv(root);
    const saved = { ...process.env };
    Object.assign(process.env, env);
    const lines: string[] = [];
    try {
      await expect(deployToNetwork(networkFile, { appDir, out: (line) => lines.push(line), warn: () => {}, replicationTimeoutMs: 1_000 })).rejects.toThrow(
        /replication did not reach every PoP within 1 s .*Still missing: lonely: function late-app-HelloFunction, table late-app-GreetingsTable/,
      );
    } finally {
      process.env = saved;
    }
    expect(lines).toContain('Waiting for lonely to serve 1 function(s) and 1 table(s) ...');
  }, 120_000);
});
