import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startNode, type RunningNode } from '@kuhiro/edge-node';
import { callDynamoDb } from '../helpers/dynamoDbClient.js';
import { jsonOf } from '../helpers/httpClient.js';
import { makeTempDir } from '../helpers/tempDir.js';
import { openBrowser, SCREENSHOTS_DIR as SCREENSHOTS, type Browser } from './chromium.js';
import { freePorts } from '@kuhiro/replication';

declare const document: any; // the page's DOM, in browser-side predicates (compiled without DOM types)

const silent = { error() {}, warn() {}, info() {}, debug() {}, isEnabled: () => false };
const anyKey = { accessKeyId: 'AKIDNETPAGE', secretAccessKey: 'whatever' };


// Generous: replication between two nodes can take seconds on a loaded CI machine.
async function waitFor(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the status page of a PoP in a real two-node network', () => {
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  let central: RunningNode;
  let edge: RunningNode;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    dir = await makeTempDir();
    const [centralPort, edgePort] = (await freePorts(2)) as [number, number];
    const networkFile = join(dir.path, 'kuhiro.network.json');
    await writeFile(
      networkFile,
      JSON.stringify({
        networkId: 'status-net',
        secret: 'status-page-network-secret-0123',
        pops: [
          { name: 'hub', url: `http://127.0.0.1:${centralPort}`, role: 'central' },
          { name: 'edge-a', url: `http://127.0.0.1:${edgePort}`, role: 'edge' },
        ],
      }),
    );
    central = await startNode({ port: centralPort, dataDir: join(dir.path, 'hub'), nodeName: 'hub', networkFile }, { log: silent });
    edge = await startNode({ port: edgePort, dataDir: join(dir.path, 'edge-a'), nodeName: 'edge-a', networkFile }, { log: silent });
    browser = await openBrowser();
    page = browser.page;
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await edge?.close();
    await central?.close();
    await dir?.remove();
  });

  it("shows the peer connected, its ops/s read from the peer itself, and a replicated item's state", async () => {
    const table = {
      TableName: 'net_page_carts',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    };
    expect((await callDynamoDb(edge.url, anyKey, 'CreateTable', table)).status).toBe(200);
    expect((await callDynamoDb(edge.url, anyKey, 'PutItem', { TableName: 'net_page_carts', Item: { pk: { S: 'cart-1' } } })).status).toBe(200);
    // The write reaches central (which also counts the GetItem polls as its own traffic).
    await waitFor(async () => {
      const res = await callDynamoDb(central.url, anyKey, 'GetItem', { TableName: 'net_page_carts', Key: { pk: { S: 'cart-1' } } });
      return res.status === 200 && jsonOf(res).Item !== undefined;
    });

    await page.goto(`${edge.url}/_kuhiro/`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.waitForFunction(() => document.getElementById('network-caption').textContent === '2 PoPs · 1 of 1 peers connected');
    expect(await page.locator('#network-svg line.link').count()).toBe(1);
    // Central's ops/s is fetched from central's own /_kuhiro/api/metrics (another origin: CORS).
    await page.waitForFunction(() => /\d/.test(document.querySelector('#pop-table tr[data-pop="hub"] td:last-child').textContent));
    expect(await page.locator('#pop-table tr[data-pop="hub"]').textContent()).toContain('central');

    await page.locator('#items-table tbody tr').first().click();
    await page.waitForFunction(() => document.querySelectorAll('#replication-table tbody tr').length === 2);
    const rows = await page.locator('#replication-table tbody tr').allTextContents();
    expect(rows[0]).toBe('edge-a (this node)yes');
    expect(rows[1]).toMatch(/^hubunknown — /);
    await page.screenshot({ path: join(SCREENSHOTS, 'status-network-live.png') });
    expect(browser.pageErrors).toEqual([]);
  }, 40_000);
});
