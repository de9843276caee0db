import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startNode, type RunningNode } from '@kuhiro/edge-node';
import { callDynamoDb } from '../helpers/dynamoDbClient.js';
import { makeTempDir } from '../helpers/tempDir.js';
import { adminCall } from './adminApi.js';
import { openBrowser, SCREENSHOTS_DIR } from './chromium.js';
import { createTableInput } from '../helpers/tableInput.js';

const aliceKey = { accessKeyId: 'AKIDSTATUSALICE', secretAccessKey: 'alice-secret' };
const bobKey = { accessKeyId: 'AKIDSTATUSBOB', secretAccessKey: 'bob-secret' };
const ALICE = '111111111111';
const BOB = '222222222222';

describe('the status API of a node with a credentials file', () => {
  let node: RunningNode;
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  let token = '';
  const logged: Array<{ message: string; fields?: Record<string, unknown> }> = [];
  const log = {
    error() {},
    warn() {},
    info: (message: string, fields?: Record<string, unknown>) => void logged.push({ message, ...(fields ? { fields } : {}) }),
    debug() {},
    isEnabled: () => false,
  };
  const as = (account: string, authToken = token) => ({ authorization: `Bearer ${authToken}`, 'x-kuhiro-account': account });

  beforeAll(async () => {
    dir = await makeTempDir();
    const credentialsFile = join(dir.path, 'credentials.json');
    await writeFile(
      credentialsFile,
      JSON.stringify({
        accounts: [
          { accountId: ALICE, name: 'alice', keys: [aliceKey] },
          { accountId: BOB, name: 'bob', keys: [bobKey] },
        ],
      }),
    );
    node = await startNode({ port: 0, dataDir: join(dir.path, 'data'), credentialsFile }, { log });
    token = String(logged.find((line) => line.message.startsWith('status page admin token'))?.fields?.adminToken ?? '');
    expect((await callDynamoDb(node.url, aliceKey, 'CreateTable', createTableInput('alice_only'))).status).toBe(200);
    expect((await callDynamoDb(node.url, bobKey, 'CreateTable', createTableInput('bob_only'))).status).toBe(200);
    expect((await callDynamoDb(node.url, bobKey, 'PutItem', { TableName: 'bob_only', Item: { pk: { S: 'secret' } } })).status).toBe(200);
  });
  afterAll(async () => {
    await node?.close();
    await dir?.remove();
  });

  it('prints a generated admin token in the node log', () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('tells the page that a token is needed, without one', async () => {
    const res = await adminCall(node.url, 'GET', '/api/node');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ mode: 'accounts', adminTokenRequired: true });
  });

  it('refuses data endpoints without the token, with a wrong one, or with a tenant key as token', async () => {
    const attempts: Array<Record<string, string>> = [{}, as(ALICE, 'wrong'), as(ALICE, aliceKey.secretAccessKey), { 'x-kuhiro-account': ALICE }];
    for (const headers of attempts) {
      const res = await adminCall(node.url, 'GET', '/api/tables', { headers });
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="kuhiro-admin"');
    }
    const write = await adminCall(node.url, 'PUT', '/api/tables/bob_only/item', { body: { item: { pk: { S: 'x' } } }, headers: { authorization: 'Bearer nope' } });
    expect(write.status).toBe(401);
  });

  it('needs the account to act on', async () => {
    const res = await adminCall(node.url, 'GET', '/api/tables', { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('x-kuhiro-account');
  });

  it("shows each account only its own tables and items", async () => {
    const alice = await adminCall(node.url, 'GET', '/api/tables', { headers: as(ALICE) });
    expect(alice.status).toBe(200);
    expect((alice.body.tables as Array<{ name: string }>).map((t) => t.name)).toEqual(['alice_only']);

    const bob = await adminCall(node.url, 'GET', '/api/tables', { headers: as(BOB) });
    expect((bob.body.tables as Array<{ name: string }>).map((t) => t.name)).toEqual(['bob_only']);

    // Bob's table does not exist in Alice's namespace, as in separate AWS accounts.
    const crossRead = await adminCall(node.url, 'GET', '/api/tables/bob_only/items', { headers: as(ALICE) });
    expect(crossRead.status).toBe(400);
    expect(crossRead.body.__type).toBe('com.amazonaws.dynamodb.v20120810#ResourceNotFoundException');

    const ownRead = await adminCall(node.url, 'GET', '/api/tables/bob_only/items', { headers: as(BOB) });
    expect(ownRead.body.items).toEqual([{ pk: { S: 'secret' } }]);
  });

  it('asks for the token in the page, then shows only the chosen account', async () => {
    const browser = await openBrowser();
    try {
      const { page } = browser;
      await page.goto(`${node.url}/_kuhiro/`);
      await page.waitForSelector('body[data-ready="true"]');
      expect(await page.isVisible('#admin-login')).toBe(true);
      expect(await page.locator('#table-select option').count()).toBe(0);

      await page.fill('#admin-token', 'not-the-token');
      await page.fill('#admin-account', ALICE);
      await page.click('#admin-login button');
      await page.waitForSelector('#table-meta:has-text("admin token")');
      await page.screenshot({ path: join(SCREENSHOTS_DIR, 'status-login.png') });

      await page.fill('#admin-token', token);
      await page.click('#admin-login button');
      await page.waitForSelector('#admin-login', { state: 'hidden' });
      expect(await page.locator('#table-select option').allTextContents()).toEqual(['alice_only']);
      expect(browser.pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 40_000);
});
