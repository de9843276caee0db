import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { BIN, runCli } from '../helpers/nodeProcess.js';
import { spareEnvironmentsBelow } from '../helpers/processTree.js';
import { freePortBlock } from '@kuhiro/replication';

describe('kuhiro up --detach / status / down', () => {
  let dir: string;
  let base: number;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kuhiro-up-'));
    base = await freePortBlock(3);
  });

  afterAll(async () => {
    // Whatever happened, stop what up started.
    if (existsSync(join(dir, 'kuhiro.pids.json'))) await runCli(['down', '--data', dir]);
    await rm(dir, { recursive: true, force: true });
  }, 30_000);

  it('starts central + edges connected, reports them, and stops them', async () => {
    const up = await runCli(['up', '--detach', '--edges', '2', '--port', String(base), '--data', dir, '--json']);
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    const endpoints = JSON.parse(up.stdout) as { central: string; edges: Array<{ name: string; url: string }>; status: string };
    expect(endpoints.central).toBe(`http://127.0.0.1:${base}`);
    expect(endpoints.edges).toEqual([
      { name: 'edge-1', url: `http://127.0.0.1:${base + 1}` },
      { name: 'edge-2', url: `http://127.0.0.1:${base + 2}` },
    ]);
    const network = JSON.parse(await readFile(join(dir, 'kuhiro.network.json'), 'utf8')) as { secret: string };
    expect(network.secret.length).toBeGreaterThanOrEqual(16);

    const status = await runCli(['status', '--endpoint', endpoints.edges[0]!.url, '--json']);
    expect(status.code).toBe(0);
    const view = JSON.parse(status.stdout) as { node: string; pops: Array<{ name: string; reachable: boolean; connected?: boolean }> };
    expect(view.node).toBe('edge-1');
    expect(view.pops.map((pop) => pop.name)).toEqual(['central', 'edge-1', 'edge-2']);
    expect(view.pops.every((pop) => pop.reachable)).toBe(true);
    expect(view.pops.filter((pop) => pop.name !== 'edge-1').every((pop) => pop.connected)).toBe(true);

    const down = await runCli(['down', '--data', dir]);
    expect(down.code).toBe(0);
    const after = await runCli(['status', '--endpoint', endpoints.central]);
    expect(after.code).toBe(1);
    expect(after.stderr).toContain('no edge network answers');
  }, 60_000);

  it('refuses kuhiro down without a recorded network', async () => {
    const down = await runCli(['down', '--data', join(dir, 'nothing-here')]);
    expect(down.code).toBe(2);
    expect(down.stderr).toContain('no running network recorded');
  });

  it('runs in the foreground until SIGTERM, then stops every PoP; --lambda-spares reaches every PoP', async () => {
    const foregroundBase = await freePortBlock(2);
    const child = spawn(process.execPath, [BIN, 'up', '--edges', '1', '--port', String(foregroundBase), '--data', join(dir, 'fg'), '--json', '--lambda-spares', '256,512'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | string | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
          out += chunk;
          if (out.includes('\n')) resolve(out.trim());
        });
        void exited.then((code) => reject(new Error(`kuhiro up exited with ${code} before printing`)));
      });
      const endpoints = JSON.parse(line) as { central: string; edges: Array<{ url: string }> };
      expect((await fetch(`${endpoints.edges[0]!.url}/_kuhiro/health`)).ok).toBe(true);
      // Two sizes at each of the two PoPs (the default, 128 only, would give one each).
      expect(await spareEnvironmentsBelow(child.pid!, 4)).toBe(4);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      await expect(fetch(`${endpoints.central}/_kuhiro/health`)).rejects.toThrow();
      await expect(fetch(`${endpoints.edges[0]!.url}/_kuhiro/health`)).rejects.toThrow();
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 90_000);
});
