import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { copyHelloApp, isolatedAwsEnv, runCliWithEnv, startTestNode, stopTestNode, tempDir } from '../app/appTestKit.js';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BIN } from '../helpers/nodeProcess.js';

/**
 * A stand-in serving the route's contract, `GET /_kuhiro/functions/{name}/logs?sinceMs=&limit=`,
 * for the cases a real node cannot be made to produce on cue; the last test uses a real node.
 */
let server: Server;
let url: string;
const requests: IncomingMessage[] = [];
const LINES = [
  { timestamp: Date.parse('2026-01-01T00:00:00.000Z'), message: 'START RequestId: r1 Version: $LATEST\n' },
  { timestamp: Date.parse('2026-01-01T00:00:00.100Z'), message: 'hello from the handler\n' },
  { timestamp: Date.parse('2026-01-01T00:00:00.200Z'), message: 'END RequestId: r1\n' },
];

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req);
    const match = /^\/_kuhiro\/functions\/([^/]+)\/logs$/.exec(new URL(req.url!, 'http://x').pathname);
    const params = new URL(req.url!, 'http://x').searchParams;
    if (!match) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ message: `No admin API at GET ${req.url}` }));
      return;
    }
    if (match[1] !== 'my-fn') {
      res.writeHead(404, { 'content-type': 'application/json', 'x-amzn-ErrorType': 'ResourceNotFoundException' })
        .end(JSON.stringify({ Type: 'User', Message: `Function not found: arn:aws:lambda:us-east-1:000000000000:function:${match[1]}` }));
      return;
    }
    const since = Number(params.get('sinceMs') ?? -1);
    const limit = Number(params.get('limit') ?? 1000);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ FunctionName: 'my-fn', Lines: LINES.filter((l) => l.timestamp > since).slice(-limit) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('kuhiro logs', () => {
  it('prints the recent lines with timestamps, asking with a SigV4-signed request', async () => {
    const run = await runCliWithEnv(['logs', 'my-fn', '--endpoint', url, '--limit', '2'], isolatedAwsEnv(await tempDir('logs')));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('2026-01-01T00:00:00.100Z  hello from the handler\n2026-01-01T00:00:00.200Z  END RequestId: r1\n');
    const last = requests.at(-1)!;
    expect(last.url).toBe('/_kuhiro/functions/my-fn/logs?limit=2');
    expect(last.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDKUHIROTEST\/\d{8}\/us-east-1\/lambda\/aws4_request/);
  });

  it("shows the node's error for an unknown function and exits 1", async () => {
    const run = await runCliWithEnv(['logs', 'other-fn', '--endpoint', url], isolatedAwsEnv(await tempDir('logs')));
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('kuhiro: Function not found: arn:aws:lambda:us-east-1:000000000000:function:other-fn\n');
  });

  it('--follow prints new lines as the node gets them, asking only for what is newer', async () => {
    const child = spawn(process.execPath, [BIN, 'logs', 'my-fn', '--endpoint', url, '--follow', '--interval', '100'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...isolatedAwsEnv(await tempDir('logs')) },
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    const exited = new Promise((resolve) => child.on('exit', resolve));
    try {
      await waitFor(() => stdout.includes('END RequestId: r1'));
      LINES.push({ timestamp: Date.parse('2026-01-01T00:00:01.000Z'), message: 'START RequestId: r2 Version: $LATEST\n' });
      await waitFor(() => stdout.includes('r2'));
      expect(stdout.split('\n').filter((line) => line.includes('RequestId: r1'))).toHaveLength(2);
      // Each poll asks for lines after the newest one printed.
      await waitFor(() => requests.some((req) => req.url === `/_kuhiro/functions/my-fn/logs?sinceMs=${Date.parse('2026-01-01T00:00:01.000Z')}`));
    } finally {
      child.kill('SIGTERM');
      await exited;
      LINES.pop();
    }
  }, 90_000);

  it('says clearly when the node has no log route', async () => {
    server.removeAllListeners('request');
    server.on('request', (req, res) => res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ message: `No admin API at GET ${req.url}` })));
    const old = await runCliWithEnv(['logs', 'my-fn', '--endpoint', url], isolatedAwsEnv(await tempDir('logs')));
    expect(old.code).toBe(1);
    expect(old.stderr).toContain(`has no log route (GET /_kuhiro/functions/{name}/logs)`);
  });
});

describe('kuhiro logs against a real node', () => {
  it("prints a deployed function's START, END and REPORT lines", async () => {
    const root = await tempDir('logs-node');
    const node = await startTestNode('logs');
    try {
      const env = isolatedAwsEnv(root);
      const appDir = await copyHelloApp(root);
      expect((await runCliWithEnv(['deploy', '--app', appDir, '--endpoint', node.url], env)).code).toBe(0);
      const { functions } = JSON.parse(await readFile(join(appDir, '.kuhiro', 'deploy-edge.json'), 'utf8')) as { functions: { HelloFunction: { url: string } } };
      expect((await fetch(`${functions.HelloFunction.url}?name=Logs`)).status).toBe(200);
      const run = await runCliWithEnv(['logs', 'hello-app-HelloFunction', '--endpoint', node.url], env);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^\S+Z  START RequestId: \S+ Version: \$LATEST$/m);
      expect(run.stdout).toMatch(/^\S+Z  END RequestId: /m);
      expect(run.stdout).toMatch(/^\S+Z  REPORT RequestId: .*Duration: /m);
    } finally {
      await stopTestNode(node);
      await rm(root, { recursive: true, force: true });
    }
  }, 120_000);
});

// Generous: the --follow child process starts slowly on a loaded CI machine.
async function waitFor(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
