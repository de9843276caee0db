import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { DynamoDBClient, paginateScan, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { spawn } from 'node:child_process';
import { spawnUntil, type WatchedChild } from '../../src/start/childProcess.js';
import { freePortBlock } from '../../src/start/freePorts.js';
import { KUHIRO_BIN } from '../../src/start/repoPaths.js';
import { startShopNode, type ShopNode } from './shopNode.js';
import { SHOP_DIR } from './shopPaths.js';

// The running demo shop on a small edge network (central + 1 edge) moves with its user, cart
// and order to a node standing in for AWS (`kuhiro switch aws`) and back (`kuhiro switch edge`).

const SECRETS = ['--parameter', 'SessionSecret=switch-test-session-secret-0123456789abcdef', '--parameter', 'AdminSecret=switch-test-admin-secret'];
const ADMIN_SECRET = 'switch-test-admin-secret';
const TABLES = ['ProductsTable', 'TaxonomyTable', 'UsersTable', 'SessionsTable', 'CartsTable', 'OrdersTable'];
const USER = { username: 'switcher', password: 'a long enough secret' };
/** What the switch writes into the app directory: its state, not the app's code. */
const SWITCH_STATE = new Set(['.kuhiro', '.env']);

let root: string;
let appDir: string;
let network: WatchedChild | undefined;
let edgeUrl: string;
let standIn: ShopNode | undefined;
let env: Record<string, string>;

/** Runs the CLI as a user would, with AWS_* and KUHIRO_* from `env` only; resolves with its stdout. */
function kuhiro(args: string[]): Promise<string> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_') && !name.startsWith('KUHIRO_')));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [KUHIRO_BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...base, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`kuhiro ${args.join(' ')} failed (${code}):\n${stdout}\n${stderr}`));
    });
  });
}

/** sha256 of every file of the app (path + content), the switch's own state left out. */
async function hashApp(dir: string): Promise<string> {
  const hash = createHash('sha256');
  const walk = async (at: string): Promise<void> => {
    for (const entry of (await readdir(at, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      if (at === dir && SWITCH_STATE.has(entry.name)) continue;
      const path = join(at, entry.name);
      if (entry.isDirectory()) await walk(path);
      else hash.update(relative(dir, path)).update('\0').update(await readFile(path)).update('\0');
    }
  };
  await walk(dir);
  return hash.digest('hex');
}

async function functionUrls(target: 'edge' | 'aws'): Promise<Record<string, string>> {
  const state = JSON.parse(await readFile(join(appDir, '.kuhiro', `deploy-${target}.json`), 'utf8')) as { functions: Record<string, { url: string }> };
  return Object.fromEntries(Object.entries(state.functions).map(([id, fn]) => [id, fn.url.endsWith('/') ? fn.url : `${fn.url}/`]));
}

async function call(url: string, method: string, path: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<{ status: number; body: any }> {
  const response = await fetch(new URL(path, url), {
    method,
    headers: {
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** Every item of a table, as sorted canonical JSON lines (equal tables give equal lists). */
async function tableContents(endpoint: string, table: string): Promise<string[]> {
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKIDSWITCHTEST', secretAccessKey: 'x' } });
  const lines: string[] = [];
  const canonical = (value: unknown): unknown =>
    Array.isArray(value) ? value.map(canonical)
      : value instanceof Uint8Array ? Buffer.from(value).toString('base64')
        : value && typeof value === 'object' ? Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]))
          : value;
  try {
    for await (const page of paginateScan({ client }, { TableName: table, ConsistentRead: true })) {
      for (const item of page.Items ?? []) lines.push(JSON.stringify(canonical(item as Record<string, AttributeValue>)));
    }
  } finally {
    client.destroy();
  }
  return lines.sort();
}

/** The user logs in on `urls` and finds the cart line and the order made on the edge. */
async function expectSameShopper(urls: Record<string, string>, orderId: string): Promise<void> {
  const login = await call(urls.AccountFunction!, 'POST', 'login', { body: USER });
  expect(login.status).toBe(200);
  const token: string = login.body.token;
  const cart = await call(urls.CartFunction!, 'GET', 'cart', { token });
  expect(cart.status).toBe(200);
  expect(cart.body.cart.items.map((line: any) => [line.productId, line.quantity])).toEqual([['p-headlamp-400', 2]]);
  const orders = await call(urls.OrdersFunction!, 'GET', 'orders', { token });
  expect(orders.body.orders.map((order: any) => order.orderId)).toEqual([orderId]);
  const detail = await call(urls.OrdersFunction!, 'GET', `orders/${orderId}`, { token });
  expect(detail.body.order.items).toEqual([expect.objectContaining({ productId: 'p-titanium-mug-450', quantity: 3 })]);
}

/** Each table: the switch reports equal counts and checksums, and a full scan of both sides agrees. */
async function expectSameData(stdout: string, from: string, to: string): Promise<void> {
  for (const logical of TABLES) {
    const table = `shop-${logical}`;
    expect(stdout).toMatch(new RegExp(`  ${table}: \\d+ items copied .*source (\\d+) items, target \\1 items, checksums match`));
    const [source, target] = await Promise.all([tableContents(from, table), tableContents(to, table)]);
    expect(target).toEqual(source);
  }
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'kuhiro-shop-switch-'));
  // A private copy named "shop" (the stack name, so tables are shop-*): deploy and switch write
  // .kuhiro/ and .env into the app directory, and the repository's demo-shop/ must stay as it is.
  appDir = join(root, 'shop');
  await cp(SHOP_DIR, appDir, { recursive: true, filter: (src) => !src.endsWith('/.kuhiro') && !src.endsWith('/.env') && !src.includes('/node_modules') });
  const port = await freePortBlock(2);
  const dataDir = join(root, 'network');
  const [up, node] = await Promise.all([
    spawnUntil(process.execPath, [KUHIRO_BIN, 'up', '--json', '--data', dataDir, '--port', String(port), '--edges', '1'], {
      ready: /^\s*(\{.*"edges".*\})\s*$/, label: 'kuhiro up', ownProcessGroup: true, timeoutMs: 60_000,
    }),
    startShopNode(),
  ]);
  network = up;
  standIn = node;
  edgeUrl = (JSON.parse(up.match[1]!) as { edges: { url: string }[] }).edges[0]!.url;
  env = {
    AWS_ACCESS_KEY_ID: 'AKIDSWITCHTEST', AWS_SECRET_ACCESS_KEY: 'switch-test-secret', AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: join(root, 'aws-config'), AWS_SHARED_CREDENTIALS_FILE: join(root, 'aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    KUHIRO_AWS_ENDPOINT: standIn.endpoint,
  };
  // Deployed through the edge PoP, as an app on the network is: tables and functions replicate
  // to central from there (one deploy instead of one per PoP keeps the test short).
  await kuhiro(['deploy', '--app', appDir, '--endpoint', edgeUrl, ...SECRETS]);
}, 120_000);

afterAll(async () => {
  await Promise.all([network?.stop(), standIn?.stop()]);
  await rm(root, { recursive: true, force: true });
});

describe('kuhiro switch moves the running demo shop', () => {
  it('edge -> aws -> edge with its user, cart and order; data verified; no file of the app changed', async () => {
    const edge = await functionUrls('edge');
    expect((await call(edge.AdminFunction!, 'POST', 'admin/seed', { headers: { 'x-admin-secret': ADMIN_SECRET } })).status).toBe(200);
    const registered = await call(edge.AccountFunction!, 'POST', 'register', { body: USER });
    expect(registered.status).toBe(201);
    const token: string = registered.body.token;
    expect((await call(edge.CartFunction!, 'POST', 'cart/items', { token, body: { productId: 'p-titanium-mug-450', quantity: 3 } })).status).toBe(201);
    const purchase = await call(edge.OrdersFunction!, 'POST', 'orders', { token });
    expect(purchase.status).toBe(201);
    const orderId: string = purchase.body.order.orderId;
    expect((await call(edge.CartFunction!, 'POST', 'cart/items', { token, body: { productId: 'p-headlamp-400', quantity: 2 } })).status).toBe(201);
    const before = await hashApp(appDir);

    const toAws = await kuhiro(['switch', 'aws', '--app', appDir, '--role-arn', 'arn:aws:iam::123456789012:role/shop', ...SECRETS]);
    expect(toAws).toContain(`from edge (${edgeUrl}) to aws (${standIn!.endpoint})`);
    await expectSameData(toAws, edgeUrl, standIn!.endpoint);
    await expectSameShopper(await functionUrls('aws'), orderId);
    expect(await hashApp(appDir)).toBe(before);

    const toEdge = await kuhiro(['switch', 'edge', '--app', appDir, ...SECRETS]);
    expect(toEdge).toContain(`from aws (${standIn!.endpoint}) to edge (${edgeUrl})`);
    await expectSameData(toEdge, standIn!.endpoint, edgeUrl);
    await expectSameShopper(await functionUrls('edge'), orderId);
    expect(await hashApp(appDir)).toBe(before);
  }, 180_000);
});
