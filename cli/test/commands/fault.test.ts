import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand, type DynamoDBServiceException } from '@aws-sdk/client-dynamodb';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startNode, type RunningNode } from '@kuhiro/edge-node';
import { FAKE_KEYS, isolatedAwsEnv, runCliWithEnv, tempDir } from '../app/appTestKit.js';
import { freePort, freePorts } from '@kuhiro/replication';

const silent = { error() {}, warn() {}, info() {}, debug() {}, isEnabled: () => false };

async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('kuhiro fault', () => {
  let dir: string;
  let env: Record<string, string>;
  const nodes: RunningNode[] = [];
  const clients: DynamoDBClient[] = [];
  const kuhiro = (...args: string[]) => runCliWithEnv(['fault', ...args], env);

  beforeAll(async () => {
    dir = await tempDir('fault');
    env = isolatedAwsEnv(dir);
  });

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await Promise.all(nodes.map((node) => node.close()));
    await rm(dir, { recursive: true, force: true });
  }, 30_000);

  it('add, list, remove and clear DynamoDB faults; the SDK sees the exact error and then recovers', async () => {
    const node = await startNode({ port: 0, dataDir: join(dir, 'single'), nodeName: 'single' }, { log: silent });
    nodes.push(node);
    const client = new DynamoDBClient({ endpoint: node.url, region: 'us-east-1', credentials: FAKE_KEYS, maxAttempts: 1 });
    const retrying = new DynamoDBClient({ endpoint: node.url, region: 'us-east-1', credentials: FAKE_KEYS });
    clients.push(client, retrying);
    await client.send(new CreateTableCommand({
      TableName: 'Orders',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }));

    const added = await kuhiro('add', '--endpoint', node.url, '--table', 'Orders', '--operation', 'PutItem', '--error', 'ProvisionedThroughputExceededException', '--count', '3');
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/^added fault-[0-9a-f]{12} dynamodb Orders \[PutItem\] ProvisionedThroughputExceededException, 3 left, hits 0\n$/);

    const put = (c: DynamoDBClient) => c.send(new PutItemCommand({ TableName: 'Orders', Item: { id: { S: 'o1' } } }));
    const err = (await put(client).then(() => undefined, (e: unknown) => e)) as DynamoDBServiceException;
    expect(err.name).toBe('ProvisionedThroughputExceededException');
    expect(err.$metadata.httpStatusCode).toBe(400);
    expect((await client.send(new GetItemCommand({ TableName: 'Orders', Key: { id: { S: 'o1' } } }))).Item).toBeUndefined();
    expect((await put(retrying)).$metadata.attempts).toBe(3);

    const latency = await kuhiro('add', '--endpoint', node.url, '--service', 'dynamodb', '--operation', 'GetItem', 'Query', '--latency', '1.5s', '--duration', '2m', '--json');
    expect(latency.code).toBe(0);
    const rule = JSON.parse(latency.stdout) as { id: string; latencyMs: number; operations: string[]; expiresAt: number };
    expect(rule).toMatchObject({ service: 'dynamodb', latencyMs: 1500, operations: ['GetItem', 'Query'] });
    expect(rule.expiresAt - Date.now()).toBeGreaterThan(60_000);

    const human = await kuhiro('list', '--endpoint', node.url);
    expect(human.stdout).toMatch(new RegExp(`^${rule.id} dynamodb \\* \\[GetItem,Query\\] \\+1500ms, until \\S+, hits 0\\n$`));

    expect((await kuhiro('remove', rule.id, '--endpoint', node.url)).stdout).toBe(`removed ${rule.id}\n`);

    await kuhiro('add', '--endpoint', node.url, '--function', 'f', '--error', 'TooManyRequestsException', '--probability', '0.5', '--duration', '30s');
    expect((await kuhiro('clear', '--endpoint', node.url)).stdout).toBe('removed 1 fault\n');
    const again = await kuhiro('remove', rule.id, '--endpoint', node.url);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(`kuhiro: No fault rule ${rule.id}\n`);
  }, 180_000);

  it('refuses bad usage with a clear message (exit 2), and says when no node answers (exit 1)', async () => {
    const node = nodes[0]!;
    const unknownError = await kuhiro('add', '--endpoint', node.url, '--table', 'Orders', '--error', 'Boom');
    expect(unknownError.code).toBe(2);
    expect(unknownError.stderr).toMatch(/^kuhiro: Invalid fault rule: error: unknown dynamodb error "Boom"; one of /);
    const noUnit = await kuhiro('add', '--endpoint', node.url, '--table', 'Orders', '--error', 'ThrottlingException', '--duration', '30');
    expect(noUnit.code).toBe(2);
    expect(noUnit.stderr).toBe('kuhiro: --duration 30: give a time with a unit, like 500ms, 10s or 2m\n');
    const alone = await kuhiro('partition', '--endpoint', node.url);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/runs alone/);
    const nobody = await kuhiro('list', '--endpoint', `http://127.0.0.1:${await freePort()}`);
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toMatch(/^kuhiro: no node answers at http:\/\/127\.0\.0\.1:\d+/);
  }, 180_000);

  it('needs the admin token and an account on a node with a credentials file', async () => {
    const credentials = join(dir, 'credentials.json');
    await writeFile(credentials, JSON.stringify({ accounts: [{ accountId: '111111111111', name: 'shop', keys: [{ accessKeyId: 'AKIDSHOP', secretAccessKey: 'shop-secret' }] }] }));
    const previous = process.env.KUHIRO_ADMIN_TOKEN;
    process.env.KUHIRO_ADMIN_TOKEN = 'operator-token';
    let node: RunningNode;
    try {
      node = await startNode({ port: 0, dataDir: join(dir, 'accounts'), nodeName: 'accounts', credentialsFile: credentials }, { log: silent });
    } finally {
      if (previous === undefined) delete process.env.KUHIRO_ADMIN_TOKEN;
      else process.env.KUHIRO_ADMIN_TOKEN = previous;
    }
    nodes.push(node);
    const refused = await kuhiro('list', '--endpoint', node.url);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/needs its admin token/);
    const added = await kuhiro('add', '--endpoint', node.url, '--admin-token', 'operator-token', '--account', '111111111111', '--table', 'T', '--error', 'ThrottlingException');
    expect(added.code).toBe(0);
    const listed = await runCliWithEnv(['fault', 'list', '--endpoint', node.url, '--account', '111111111111', '--json'], { ...env, KUHIRO_ADMIN_TOKEN: 'operator-token' });
    expect(JSON.parse(listed.stdout).faults).toEqual([expect.objectContaining({ tenant: '111111111111', target: 'T' })]);
  }, 180_000);

  it('partition and heal a PoP of a 2-PoP network; the replicas converge after healing', async () => {
    const [centralPort, edgePort] = (await freePorts(2)) as [number, number];
    const networkFile = join(dir, 'network.json');
    await writeFile(networkFile, JSON.stringify({
      networkId: 'cli-faults',
      secret: 'cli-fault-secret-0123456789',
      pops: [
        { name: 'central', url: `http://127.0.0.1:${centralPort}`, role: 'central' },
        { name: 'edge-1', url: `http://127.0.0.1:${edgePort}`, role: 'edge' },
      ],
    }));
    const [central, edge] = await Promise.all([
      startNode({ port: centralPort, dataDir: join(dir, 'central'), nodeName: 'central', networkFile, fsync: 'none' }, { log: silent }),
      startNode({ port: edgePort, dataDir: join(dir, 'edge-1'), nodeName: 'edge-1', networkFile, fsync: 'none' }, { log: silent }),
    ]);
    nodes.push(central, edge);
    const atEdge = new DynamoDBClient({ endpoint: edge.url, region: 'us-east-1', credentials: FAKE_KEYS, maxAttempts: 1 });
    const atCentral = new DynamoDBClient({ endpoint: central.url, region: 'us-east-1', credentials: FAKE_KEYS, maxAttempts: 1 });
    clients.push(atEdge, atCentral);
    const connected = async () => {
      const view = (await (await fetch(`${edge.url}/_kuhiro/network`)).json()) as { peers: Array<{ name: string; connected: boolean }> };
      return view.peers.find((peer) => peer.name === 'central')!.connected;
    };
    const atCentralHas = async (id: string) =>
      (await atCentral.send(new GetItemCommand({ TableName: 'Net', Key: { id: { S: id } } })).catch(() => ({ Item: undefined }))).Item !== undefined;
    await atEdge.send(new CreateTableCommand({
      TableName: 'Net',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }));
    await waitFor('link up', connected);

    const cut = await kuhiro('partition', '--endpoint', edge.url, '--peer', 'central');
    expect(cut.stderr).toBe('');
    expect(cut.stdout).toMatch(/^added fault-[0-9a-f]{12} replication partition from central, hits 0\n$/);
    expect(await connected()).toBe(false);
    await atEdge.send(new PutItemCommand({ TableName: 'Net', Item: { id: { S: 'while-cut' } } }));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await atCentralHas('while-cut')).toBe(false);

    expect((await kuhiro('heal', '--endpoint', edge.url)).stdout).toBe('healed (1 network fault removed)\n');
    await waitFor('the write made during the partition at central', () => atCentralHas('while-cut'));

  }, 180_000);
});
