import { describe, it, expect } from '@jest/globals';
import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, startNodeProcess, stopNodeProcess, type NodeChild } from '../helpers/nodeProcess.js';
import { spareEnvironmentsBelow } from '../helpers/processTree.js';

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
      // The default (128 only) would give one.
      expect(await spareEnvironmentsBelow(node.child.pid!, 2)).toBe(2);
    } finally {
      await stopNodeProcess(node);
      await rm(dir, { recursive: true, force: true });
    }
  });
});
