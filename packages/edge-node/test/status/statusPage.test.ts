import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startNode, type RunningNode } from '@kuhiro/edge-node';
import { callDynamoDb } from '../helpers/dynamoDbClient.js';
import { jsonOf } from '../helpers/httpClient.js';
import { makeTempDir } from '../helpers/tempDir.js';
import { openBrowser, SCREENSHOTS_DIR as SCREENSHOTS, type Browser } from './chromium.js';

const silent = { error() {}, warn() {}, info() {}, debug() {}, isEnabled: () => false };
const anyKey = { accessKeyId: 'AKIDBROWSER', secretAccessKey: 'whatever' };
const NODE_NAME = 'edge-browser';
const TABLE = 'page_products';
/** The page's DOM, for predicates that run in the browser (this test compiles without DOM types). */
declare const document: any;

describe('the status page in a browser', () => {
  let node: RunningNode;
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];

  // Predicates run in the page (as functions: the page's CSP forbids eval of strings).
  const itemRows = (count: number) =>
    page.waitForFunction((n) => document.querySelectorAll('#items-table tbody tr').length === n, count);
  const messageIs = (text: string) =>
    page.waitForFunction((t) => document.getElementById('item-message').textContent === t, text);
  const getItem = async (pk: string) =>
    jsonOf(await callDynamoDb(node.url, anyKey, 'GetItem', { TableName: TABLE, Key: { pk: { S: pk } }, ConsistentRead: true })).Item;

  beforeAll(async () => {
    dir = await makeTempDir();
    node = await startNode({ port: 0, dataDir: dir.path, nodeName: NODE_NAME }, { log: silent });
    expect(
      (
        await callDynamoDb(node.url, anyKey, 'CreateTable', {
          TableName: TABLE,
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
        })
      ).status,
    ).toBe(200);
    // 30 items: more than one page of 25.
    for (let i = 0; i < 30; i++) {
      const pk = `item-${String(i).padStart(2, '0')}`;
      const item = { pk: { S: pk }, name: { S: `Product ${i}` }, price: { N: String(5 + i) }, tags: { SS: ['shop', i % 2 ? 'odd' : 'even'] } };
      expect((await callDynamoDb(node.url, anyKey, 'PutItem', { TableName: TABLE, Item: item })).status).toBe(200);
    }
    browser = await openBrowser();
    ({ page, pageErrors } = browser);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await node?.close();
    await dir?.remove();
  });

  it('shows this node, its network picture, ops/s and the test table', async () => {
    await page.goto(`${node.url}/_kuhiro/`);
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.textContent('#node-facts')).toContain(NODE_NAME);
    expect(await page.textContent('#network-caption')).toBe('this node alone (no network configured)');
    expect(await page.locator(`#network-svg [data-pop="${NODE_NAME}"]`).count()).toBe(1);
    expect(await page.textContent('#ops-table')).toContain('PutItem');
    expect(await page.locator('#table-select option').allTextContents()).toEqual([TABLE]);
    expect(await page.textContent('#table-list')).toContain(TABLE);
    expect(await page.textContent('#table-meta')).toContain('30 items');
    await page.screenshot({ path: join(SCREENSHOTS, 'status-overview.png') });
  }, 30_000);

  it('pages through the items and queries one by its partition key', async () => {
    const rows = page.locator('#items-table tbody tr');
    await itemRows(25);
    await page.click('#next-page');
    await itemRows(5);
    expect(await page.textContent('#page-info')).toContain('page 2');
    await page.click('#prev-page');
    await itemRows(25);

    await page.fill('#partition-value', 'item-07');
    await page.click('#run-query');
    await itemRows(1);
    expect(await rows.first().textContent()).toContain('Product 7');
    await rows.first().click();
    await page.waitForFunction(() => document.getElementById('item-json').value.includes('item-07'));
    expect(JSON.parse(await page.inputValue('#item-json'))).toEqual({
      pk: { S: 'item-07' },
      name: { S: 'Product 7' },
      price: { N: '12' },
      tags: { SS: ['odd', 'shop'] },
    });
    expect(await page.textContent('#replication-table')).toContain(`${NODE_NAME} (this node)`);
    await page.screenshot({ path: join(SCREENSHOTS, 'status-item.png') });
  }, 30_000);

  it('creates, edits and deletes an item, each visible through the DynamoDB API', async () => {
    await page.fill('#partition-value', '');
    await page.click('#run-query');
    await page.click('#new-item');
    await page.fill('#item-json', JSON.stringify({ pk: { S: 'made-in-browser' }, name: { S: 'Fresh' }, price: { N: '3' } }));
    await page.click('#save-item');
    await page.waitForSelector('#item-message.ok');
    expect(await page.textContent('#item-message')).toBe('Item created.');
    expect(await getItem('made-in-browser')).toEqual({ pk: { S: 'made-in-browser' }, name: { S: 'Fresh' }, price: { N: '3' } });

    const edited = JSON.parse(await page.inputValue('#item-json')) as Record<string, unknown>;
    edited.price = { N: '4.5' };
    edited.note = { S: 'edited in the status page' };
    await page.fill('#item-json', JSON.stringify(edited, null, 2));
    await page.click('#save-item');
    await messageIs('Item saved.');
    expect(await getItem('made-in-browser')).toEqual({
      pk: { S: 'made-in-browser' },
      name: { S: 'Fresh' },
      price: { N: '4.5' },
      note: { S: 'edited in the status page' },
    });
    await page.screenshot({ path: join(SCREENSHOTS, 'status-edit.png') });

    page.once('dialog', (dialog) => void dialog.accept());
    await page.click('#delete-item');
    await messageIs('Item deleted.');
    expect(await getItem('made-in-browser')).toBeUndefined();
    expect(await page.inputValue('#item-json')).toBe('');
  }, 30_000);

  it('shows DynamoDB validation errors instead of saving a bad item', async () => {
    await page.click('#new-item');
    await page.fill('#item-json', JSON.stringify({ name: { S: 'no key' } }));
    await page.click('#save-item');
    await page.waitForSelector('#item-message.error');
    expect(await page.textContent('#item-message')).toContain('key');
    expect(pageErrors).toEqual([]);
  }, 30_000);

  it("draws the network from /_kuhiro/network: PoPs, links coloured by state, lag, each PoP's ops/s", async () => {
    // The shape GET /_kuhiro/network has on a networked node (network/joinNetwork.ts: the config's
    // pops plus the replicator's stats()); served here by the browser so one node suffices.
    const network = {
      networkId: 'test-net',
      pops: [
        { name: NODE_NAME, url: node.url, role: 'edge' },
        { name: 'central', url: 'http://central.test:4566', role: 'central' },
        { name: 'edge-b', url: 'ws://edge-b.test:4567', role: 'edge', group: 'eu' },
        { name: 'edge-c', url: 'http://edge-c.test:4568', role: 'edge' },
      ],
      node: NODE_NAME,
      role: 'edge',
      vector: { [NODE_NAME]: 31 },
      peers: [
        { name: 'central', role: 'central', connected: true, rttMs: 12, lagRecords: 0, queueDepth: 0, oldestUnackedMs: 0 },
        { name: 'edge-b', role: 'edge', group: 'eu', connected: true, rttMs: 80, lagRecords: 3, queueDepth: 3, oldestUnackedMs: 40 },
        { name: 'edge-c', role: 'edge', connected: false, rttMs: null, lagRecords: 31, queueDepth: 31, oldestUnackedMs: 0 },
      ],
    };
    await page.route('**/_kuhiro/network', (route) => route.fulfill({ json: network }));
    const remoteOps: Record<string, number> = { 'central.test': 42, 'edge-b.test': 7.5 };
    await page.route('http://*.test:*/_kuhiro/api/metrics', (route) => {
      const ops = remoteOps[new URL(route.request().url()).hostname];
      if (ops === undefined) return route.abort('connectionrefused');
      return route.fulfill({ json: { opsPerSecond: ops }, headers: { 'Access-Control-Allow-Origin': '*' } });
    });
    try {
      await page.reload();
      await page.waitForSelector('body[data-ready="true"]');
      expect(await page.textContent('#network-caption')).toBe('4 PoPs · 2 of 3 peers connected');
      expect(await page.locator('#network-svg .pop').count()).toBe(4);
      expect(await page.locator('#network-svg line.link.up').getAttribute('data-peer')).toBe('central');
      expect(await page.locator('#network-svg line.link.lagging').getAttribute('data-peer')).toBe('edge-b');
      expect(await page.locator('#network-svg line.link.down').getAttribute('data-peer')).toBe('edge-c');
      const row = (name: string) => page.locator(`#pop-table tr[data-pop="${name}"]`).textContent();
      expect(await row('central')).toContain('42');
      expect(await row('edge-b')).toContain('3 rec · 40 ms · rtt 80 ms');
      expect(await row('edge-b')).toContain('7.5');
      expect(await row('edge-c')).toContain('disconnected');

      // An item's replication state: known here; for peers the node exposes no per-item versions.
      await page.locator('#items-table tbody tr').first().click();
      await page.waitForFunction(() => document.querySelectorAll('#replication-table tbody tr').length === 4);
      const states = await page.locator('#replication-table tbody tr').allTextContents();
      expect(states).toEqual([
        `${NODE_NAME} (this node)yes`,
        'centralunknown — but caught up with this node (if in scope)',
        'edge-bunknown — 3 records behind this node',
        'edge-cunknown — disconnected',
      ]);
      await page.screenshot({ path: join(SCREENSHOTS, 'status-network.png') });
      expect(pageErrors).toEqual([]);
    } finally {
      await page.unrouteAll();
    }
  }, 30_000);
});
