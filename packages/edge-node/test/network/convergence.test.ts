import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CreateTableCommand, GetItemCommand, ListTablesCommand, PutItemCommand, ScanCommand, UpdateItemCommand, DeleteItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { join } from 'node:path';
import { makeTempDir } from '../helpers/tempDir.js';
import { canonicalJson, dynamoClient, freePorts, networkView, quiescent, startPop, stopPop, waitFor, writeNetworkConfig, type PopProcess } from './helpers/localNetwork.js';

const SECRET = 'network-test-secret-0123456789';
const NAMES = ['central', 'edge-a', 'edge-b', 'edge-c'] as const;
const GROUPS: Record<string, string | undefined> = { 'edge-a': 'eu', 'edge-b': 'eu', 'edge-c': 'us' };

async function createTable(client: DynamoDBClient, name: string, tags: Array<{ Key: string; Value: string }> = []): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: name,
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      ...(tags.length > 0 ? { Tags: tags } : {}),
    }),
  );
}

async function scanAll(client: DynamoDBClient, table: string): Promise<string> {
  const result = await client.send(new ScanCommand({ TableName: table }));
  const items = (result.Items ?? []).map((item) => canonicalJson(item));
  return JSON.stringify(items.sort());
}

describe('an edge network of central + 3 edges (child processes)', () => {
  let temp: { path: string; remove(): Promise<void> };
  const pops = new Map<string, PopProcess>();
  const clients = new Map<string, DynamoDBClient>();
  let intruder: PopProcess | undefined;

  beforeAll(async () => {
    temp = await makeTempDir('kuhiro-net-');
    const ports = await freePorts(NAMES.length + 1);
    const popConfigs = [...NAMES, 'edge-x'].map((name, i) => ({
      name,
      url: `http://127.0.0.1:${ports[i]}`,
      role: name === 'central' ? ('central' as const) : ('edge' as const),
      ...(GROUPS[name] ? { group: GROUPS[name] } : {}),
    }));
    const networkFile = join(temp.path, 'kuhiro.network.json');
    await writeNetworkConfig(networkFile, 'net-test', SECRET, popConfigs);
    const started = await Promise.all(
      NAMES.map((name, i) => startPop({ name, port: ports[i]!, dataDir: join(temp.path, name), networkFile })),
    );
    for (const pop of started) {
      pops.set(pop.name, pop);
      clients.set(pop.name, dynamoClient(pop.url));
    }
    // edge-x is in the network config but runs with a wrong secret.
    const wrongFile = join(temp.path, 'wrong.network.json');
    await writeNetworkConfig(wrongFile, 'net-test', 'not-the-network-secret-000', popConfigs);
    intruder = await startPop({ name: 'edge-x', port: ports[4]!, dataDir: join(temp.path, 'edge-x'), networkFile: wrongFile });
    await waitFor('all links up', async () => {
      const views = await Promise.all(NAMES.map((name) => networkView(pops.get(name)!.url)));
      return views.every((view) => view.peers.filter((peer) => peer.name !== 'edge-x').every((peer) => peer.connected)) ? true : undefined;
    });
  }, 150_000);

  afterAll(async () => {
    for (const client of clients.values()) client.destroy();
    await Promise.all([...pops.values(), intruder].map((pop) => stopPop(pop)));
    await temp?.remove();
  }, 30_000);

  const urls = () => NAMES.map((name) => pops.get(name)!.url);

  it('replicates a table created at one PoP to every PoP', async () => {
    await createTable(clients.get('edge-a')!, 'Shared');
    for (const name of NAMES) {
      await waitFor(`Shared at ${name}`, async () => {
        const tables = await clients.get(name)!.send(new ListTablesCommand({}));
        return tables.TableNames?.includes('Shared') ? true : undefined;
      });
    }
  }, 30_000);

  it('converges under concurrent writes at every PoP without losing an acknowledged increment, element or member', async () => {
    let acknowledgedIncrements = 0;
    const appended: string[] = [];
    const members: string[] = [];
    const random = (n: number) => Math.floor(Math.random() * n);
    await Promise.all(
      NAMES.map(async (name) => {
        const client = clients.get(name)!;
        for (let round = 0; round < 30; round++) {
          const tag = `${name}-${round}`;
          switch (random(4)) {
            case 0: {
              const delta = 1 + random(5);
              await client.send(new UpdateItemCommand({ TableName: 'Shared', Key: { pk: { S: 'hot' } }, UpdateExpression: 'ADD n :d', ExpressionAttributeValues: { ':d': { N: String(delta) } } }));
              acknowledgedIncrements += delta;
              break;
            }
            case 1:
              await client.send(
                new UpdateItemCommand({
                  TableName: 'Shared',
                  Key: { pk: { S: 'hot' } },
                  UpdateExpression: 'SET l = list_append(if_not_exists(l, :empty), :x)',
                  ExpressionAttributeValues: { ':x': { L: [{ S: tag }] }, ':empty': { L: [] } },
                }),
              );
              appended.push(tag);
              break;
            case 2:
              await client.send(new UpdateItemCommand({ TableName: 'Shared', Key: { pk: { S: 'hot' } }, UpdateExpression: 'ADD s :m', ExpressionAttributeValues: { ':m': { SS: [tag] } } }));
              members.push(tag);
              break;
            default: {
              const key = { pk: { S: `p${random(4)}` } };
              if (random(3) === 0) await client.send(new DeleteItemCommand({ TableName: 'Shared', Key: key }));
              else await client.send(new PutItemCommand({ TableName: 'Shared', Item: { ...key, by: { S: tag }, v: { N: String(round) } } }));
            }
          }
        }
      }),
    );
    await waitFor('quiescence', async () => ((await quiescent(urls())) ? true : undefined));
    const scans = await Promise.all(NAMES.map((name) => scanAll(clients.get(name)!, 'Shared')));
    for (const scan of scans) expect(scan).toBe(scans[0]);
    for (const name of NAMES) {
      const hot = (await clients.get(name)!.send(new GetItemCommand({ TableName: 'Shared', Key: { pk: { S: 'hot' } } }))).Item;
      expect(Number(hot?.n?.N ?? 0)).toBe(acknowledgedIncrements);
      const list = (hot?.l?.L ?? []).map((value) => value.S);
      for (const tag of appended) expect(list).toContain(tag);
      expect(list).toHaveLength(appended.length);
      expect([...(hot?.s?.SS ?? [])].sort()).toEqual([...members].sort());
    }
  }, 60_000);

  it('keeps a group: table inside its group (and central) and a local table at its PoP (and central)', async () => {
    await createTable(clients.get('edge-a')!, 'EuCarts', [{ Key: 'kuhiro:replication', Value: 'group:eu' }]);
    await createTable(clients.get('edge-c')!, 'UsLocal', [{ Key: 'kuhiro:replication', Value: 'local' }]);
    await waitFor('tables everywhere', async () => ((await quiescent(urls())) ? true : undefined));
    await clients.get('edge-a')!.send(new PutItemCommand({ TableName: 'EuCarts', Item: { pk: { S: 'cart-1' }, qty: { N: '2' } } }));
    await clients.get('edge-c')!.send(new PutItemCommand({ TableName: 'UsLocal', Item: { pk: { S: 'mine' } } }));
    await waitFor('quiescence', async () => ((await quiescent(urls())) ? true : undefined));
    const has = async (pop: string, table: string, pk: string) =>
      (await clients.get(pop)!.send(new GetItemCommand({ TableName: table, Key: { pk: { S: pk } } }))).Item !== undefined;
    expect(await has('edge-b', 'EuCarts', 'cart-1')).toBe(true);
    expect(await has('central', 'EuCarts', 'cart-1')).toBe(true);
    expect(await has('edge-c', 'EuCarts', 'cart-1')).toBe(false);
    expect(await has('central', 'UsLocal', 'mine')).toBe(true);
    expect(await has('edge-a', 'UsLocal', 'mine')).toBe(false);
    expect(await has('edge-b', 'UsLocal', 'mine')).toBe(false);
  }, 30_000);

  it('gives a PoP with a wrong secret nothing and takes nothing from it', async () => {
    const client = dynamoClient(intruder!.url);
    try {
      await createTable(client, 'Intruder');
      await client.send(new PutItemCommand({ TableName: 'Intruder', Item: { pk: { S: 'x' } } }));
      const tables = await client.send(new ListTablesCommand({}));
      expect(tables.TableNames).toEqual(['Intruder']);
      await waitFor('quiescence', async () => ((await quiescent(urls())) ? true : undefined));
      for (const name of NAMES) {
        const names = (await clients.get(name)!.send(new ListTablesCommand({}))).TableNames ?? [];
        expect(names).not.toContain('Intruder');
        expect((await networkView(pops.get(name)!.url)).vector['edge-x']).toBeUndefined();
      }
      const view = await networkView(intruder!.url);
      expect(view.peers.every((peer) => !peer.connected)).toBe(true);
      expect(Object.keys(view.vector)).toEqual(['edge-x']);
    } finally {
      client.destroy();
    }
  }, 30_000);
});
