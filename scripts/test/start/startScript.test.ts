import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { descendantsOf, isAlive } from './processTree.js';

// Compiled to scripts/dist/test/start/; the start script is scripts/dist/start.js.
const START_SCRIPT = join(dirname(fileURLToPath(import.meta.url)), '../../start.js');

describe('npm start (scripts/start.ts)', () => {
  let dataDir: string;
  let child: ChildProcess;
  let output = '';
  let exited: Promise<number | null>;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kuhiro-start-'));
    child = spawn(process.execPath, [START_SCRIPT, '--data', dataDir, '--web-port', '0', '--node-port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not ready after 120 s:\n${output}`)), 120_000);
      const check = (): void => {
        if (/Press Ctrl-C/.test(output)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', check);
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`start script exited (${code}) before ready:\n${output}`));
      });
    });
  }, 130_000);

  afterAll(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  const printed = (label: RegExp): string => {
    const match = new RegExp(`^\\s+${label.source}\\s+(http://\\S+)`, 'm').exec(output);
    if (!match) throw new Error(`no ${label} line in:\n${output}`);
    return match[1]!;
  };

  it('prints progress, the shop URL of each PoP, the status page and how to stop', () => {
    expect(output).toMatch(/\[start\] starting the local edge network/);
    expect(output).toMatch(/\[start\] deploying the shop to the network \(kuhiro deploy --app demo-shop --network /);
    expect(output).toContain('Fjord & Trail is ready.');
    expect(printed(/shop at edge-1/)).toMatch(/\/edge-1\/$/);
    expect(printed(/status page/)).toMatch(/\/_kuhiro\/$/);
  });

  it('serves the shop page and its per-PoP config, and the catalogue answers through it', async () => {
    const shopUrl = printed(/shop at edge-1/);
    const page = await fetch(shopUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('app.js');
    const config = (await (await fetch(new URL('config.json', shopUrl))).json()) as Record<string, string>;
    expect(config.pop).toBe('edge-1');
    const categories = await fetch(new URL('categories', config.catalogUrl));
    expect(categories.status).toBe(200);
    expect(((await categories.json()) as { categories: unknown[] }).categories.length).toBe(6);
    const tents = await fetch(new URL('search?q=s&limit=3', config.catalogUrl));
    expect(tents.status).toBe(200);
    // Nothing outside the page's own files is served.
    expect((await fetch(new URL('../../package.json', shopUrl + 'x/'))).status).toBe(404);
  });

  it('with `kuhiro up`, serves every edge PoP, each with its own function URLs and the catalogue', async () => {
    if (!/\[start\] network up:/.test(output)) {
      // `kuhiro up` not built: one node stands in, and says so.
      expect(output).toMatch(/one node stands in for the network/);
      return;
    }
    const urls = new Set<string>();
    for (const pop of ['edge-1', 'edge-2', 'edge-3']) {
      const config = (await (await fetch(new URL('config.json', printed(new RegExp(`shop at ${pop}`))))).json()) as Record<string, string>;
      expect(config.pop).toBe(pop);
      urls.add(new URL(config.catalogUrl).host);
      const categories = (await (await fetch(new URL('categories', config.catalogUrl))).json()) as { categories: unknown[] };
      expect(categories.categories.length).toBe(6);
    }
    expect(urls.size).toBe(3);
  });

  it('the status page answers', async () => {
    const status = await fetch(printed(/status page/));
    expect(status.status).toBe(200);
  });

  it('Ctrl-C (SIGINT) stops every process it started', async () => {
    const family = descendantsOf(child.pid!);
    expect(family.length).toBeGreaterThan(0); // at least the node
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output).toContain('[start] stopped.');
    // Give the kernel a moment to reap grandchildren reparented to init.
    const deadline = Date.now() + 5000;
    while (family.some(isAlive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(family.filter(isAlive)).toEqual([]);
  }, 30_000);
});
