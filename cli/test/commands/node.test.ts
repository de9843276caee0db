import { describe, it, expect } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, startNodeProcess, stopNodeProcess, type NodeChild } from '../helpers/nodeProcess.js';

function getJson(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }));
    }).on('error', reject);
  });
}

describe('kuhiro node', () => {
  it('--help explains the options and shows an example', async () => {
    const run = await runCli(['node', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: kuhiro node [options]');
    for (const flag of ['--port', '--host', '--data', '--region', '--credentials', '--name', '--fsync', '--log-level'])
      expect(run.stdout).toContain(flag);
    expect(run.stdout).toContain('kuhiro node --port 4566 --data .kuhiro/node1');
    expect(run.stdout).toContain('aws dynamodb list-tables --endpoint-url http://127.0.0.1:4566');
  });

  it.each([
    [['--port', 'abc'], /--port.*invalid/],
    [['--region', 'mars'], /region: must look like an AWS region/],
    [['--fsync', 'sometimes'], /--fsync.*sometimes/],
    [['--no-such-flag'], /unknown option '--no-such-flag'/],
    [['--credentials', '/nonexistent/creds.json', '--port', '0'], /Cannot read credentials file/],
  ])('refuses bad options %j with a clear error and exit code 2', async (args, message) => {
    const dir = await mkdtemp(join(tmpdir(), 'kuhiro-cli-'));
    try {
      const run = await runCli(['node', '--data', dir, ...args]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stdout).toBe('');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('prints exactly one ready line, serves requests, and stops cleanly on SIGTERM', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kuhiro-cli-'));
    let node: NodeChild | undefined;
    try {
      node = await startNodeProcess(['--port', '0', '--data', dir, '--name', 'cli-test']);
      expect(node.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const health = await getJson(`${node.url}/_kuhiro/health`);
      expect(health.status).toBe(200);
      expect(health.body).toMatchObject({ status: 'ok', node: 'cli-test' });
      node.child.kill('SIGTERM');
      expect(await node.exited).toBe(0);
      expect(node.stdout()).toBe(`kuhiro node ready at ${node.url}\n`);
      // A clean stop ends with the store's closing snapshot (the node once exited mid-close).
      expect(readdirSync(join(dir, 'dynamodb')).filter((name) => name.startsWith('snapshot-'))).toHaveLength(1);
    } finally {
      await stopNodeProcess(node);
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('keeps one pre-started spare environment per --lambda-spares size', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kuhiro-cli-'));
    let node: NodeChild | undefined;
    try {
      node = await startNodeProcess(['--port', '0', '--data', dir, '--lambda-spares', '256,512']);
      const pid = node.child.pid!;
      // Spares boot after the ready line; the default (128 only) would give one.
      const deadline = Date.now() + 30_000;
      let spares = 0;
      while (Date.now() < deadline && spares < 2) {
        spares = descendantCommandLines(pid).filter((line) => line.includes('kuhiro spare environment (unclaimed)')).length;
        if (spares < 2) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(spares).toBe(2);
    } finally {
      await stopNodeProcess(node);
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/** The command lines (process titles) of every process below `root`. */
function descendantCommandLines(root: number): string[] {
  const rows = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' }).split('\n');
  const parsed = rows.map((row) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(row)).filter((match) => match !== null);
  const below = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [, pid, ppid] of parsed) {
      if (below.has(Number(ppid)) && !below.has(Number(pid))) {
        below.add(Number(pid));
        grew = true;
      }
    }
  }
  return parsed.filter(([, pid]) => Number(pid) !== root && below.has(Number(pid))).map(([, , , args]) => args!);
}
