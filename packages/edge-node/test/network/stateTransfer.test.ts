import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import {
  BatchWriteItemCommand, CreateTableCommand, DeleteItemCommand, DeleteTableCommand, ListTablesCommand, QueryCommand, ScanCommand, UpdateItemCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { CreateFunctionCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { strToU8, zipSync } from 'fflate';
import type { PopConfig } from '@kuhiro/replication';
import { makeTempDir } from '../helpers/tempDir.js';
import { canonicalJson, dynamoClient, freePorts, networkView, startPop, stopPop, waitFor, writeNetworkConfig, type PopProcess, type PopSpec, stopNetwork } from './helpers/localNetwork.js';

const SECRET = 'state-transfer-secret-0123456789';
const NAMES = ['central', 'edge-1', 'edge-2', 'edge-3'] as const;
type Name = (typeof NAMES)[number];
/** Far smaller than what a stopped PoP misses below: its records are gone from every journal. */
const TINY_JOURNAL = { segmentBytes: 4096, retainBytes: 12_288 };
const PADDING = 'x'.repeat(200);

async function scanAll(client: DynamoDBClient, table: string): Promise<string> {
  const result = await client.send(new ScanCommand({ TableName: table, ConsistentRead: true }));
  return JSON.stringify((result.Items ?? []).map((item) => canonicalJson(item)).sort());
}

async function queryIndex(client: DynamoDBClient, group: string): Promise<string> {
  const result = await client.send(new QueryCommand({
    TableName: 'items', IndexName: 'byGroup', KeyConditionExpression: 'grp = :g', ExpressionAttributeValues: { ':g': { S: group } },
  }));
  return JSON.stringify((result.Items ?? []).map((item) => item.pk!.S).sort());
}

async function putBatch(client: DynamoDBClient, from: number, count: number): Promise<void> {
  const requests = [];
  for (let i = from; i < from + count; i++) {
    requests.push({ PutRequest: { Item: { pk: { S: `item-${i}` }, grp: { S: `g${i % 3}` }, n: { N: String(i) }, pad: { S: PADDING } } } });
  }
  await client.send(new BatchWriteItemCommand({ RequestItems: { items: requests } }));
}

async function tableNames(client: DynamoDBClient): Promise<string[]> {
  return (await client.send(new ListTablesCommand({}))).TableNames ?? [];
}

describe('state transfer: PoPs behind every retained journal converge (child processes)', () => {
  let temp: { path: string; remove(): Promise<void> };
  const specs = new Map<Name, PopSpec>();
  const pops = new Map<Name, PopProcess>();
  const clients = new Map<Name, DynamoDBClient>();
  const db = (name: Name) => clients.get(name)!;
  let expectedCounter = 0;

  async function start(name: Name): Promise<void> {
    const pop = await startPop(specs.get(name)!);
    pops.set(name, pop);
    clients.get(name)?.destroy();
    clients.set(name, dynamoClient(pop.url));
  }

  async function stop(name: Name): Promise<void> {
    await stopPop(pops.get(name));
    pops.delete(name);
  }

  /** The same items, deletes, indexes and tables at `name` as at edge-1 (which saw every write). */
  async function waitConverged(name: Name): Promise<void> {
    await waitFor(`${name} converged with edge-1`, async () => {
      const [mine, theirs] = await Promise.all([scanAll(db(name), 'items'), scanAll(db('edge-1'), 'items')]);
      return mine === theirs ? true : undefined;
    }, 30_000);
  }

  async function stateTransfersTo(name: Name): Promise<number> {
    let total = 0;
    for (const [popName, pop] of pops) {
      if (popName === name) continue;
      const view = (await networkView(pop.url)) as unknown as { peers: Array<{ name: string; stateTransfersSent: number }> };
      total += view.peers.find((peer) => peer.name === name)?.stateTransfersSent ?? 0;
    }
    return total;
  }

  beforeAll(async () => {
    temp = await makeTempDir('kuhiro-state-');
    const ports = new Map<Name, number>();
    const chosen = await freePorts(NAMES.length);
    NAMES.forEach((name, i) => ports.set(name, chosen[i]!));
    const popConfigs: PopConfig[] = NAMES.map((name) => ({ name, url: `http://127.0.0.1:${ports.get(name)!}`, role: name === 'central' ? 'central' : 'edge' }));
    const networkFile = join(temp.path, 'network.json');
    await writeNetworkConfig(networkFile, 'state-test', SECRET, popConfigs);
    for (const name of NAMES) {
      specs.set(name, { name, port: ports.get(name)!, dataDir: join(temp.path, name), networkFile, replicationJournal: TINY_JOURNAL });
    }
    await Promise.all((['central', 'edge-1', 'edge-2'] as const).map((name) => start(name)));
    await db('edge-1').send(new CreateTableCommand({
      TableName: 'items',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'grp', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [{ IndexName: 'byGroup', KeySchema: [{ AttributeName: 'grp', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } }],
      BillingMode: 'PAY_PER_REQUEST',
    }));
    await db('edge-1').send(new CreateTableCommand({
      TableName: 'doomed', AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST',
    }));
    await putBatch(db('edge-1'), 0, 10);
    await waitFor('edge-2 has the first items and both tables', async () =>
      (await scanAll(db('edge-2'), 'items')) === (await scanAll(db('edge-1'), 'items')) && (await tableNames(db('edge-2'))).includes('doomed') ? true : undefined);
  }, 120_000);

  afterAll(() => stopNetwork({ clients: clients.values(), pops: pops.values(), temp }), 60_000);

  it('a PoP stopped while the journals were trimmed gets items, deletes, indexes, tables and functions by state transfer', async () => {
    await stop('edge-2');
    // While edge-2 is down: a function, a new table, a dropped table, then far more writes
    // than any journal retains, some deletes and counter updates (at central too).
    const lambda = new LambdaClient({ endpoint: pops.get('edge-1')!.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDSTATE', secretAccessKey: 'x' }, maxAttempts: 1 });
    try {
      await lambda.send(new CreateFunctionCommand({
        FunctionName: 'late-fn', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: 'arn:aws:iam::000000000000:role/fn',
        Code: { ZipFile: zipSync({ 'index.mjs': strToU8('export const handler = async (event) => ({ hello: event.name });\n') }) },
      }));
    } finally {
      lambda.destroy();
    }
    await db('edge-1').send(new CreateTableCommand({
      TableName: 'later', AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST',
    }));
    await db('edge-1').send(new DeleteTableCommand({ TableName: 'doomed' }));
    for (let batch = 0; batch < 12; batch++) await putBatch(db('edge-1'), 10 + batch * 25, 25);
    for (let i = 0; i < 20; i++) await db('edge-1').send(new DeleteItemCommand({ TableName: 'items', Key: { pk: { S: `item-${i * 7}` } } }));
    for (const name of ['edge-1', 'central'] as const) {
      for (let i = 0; i < 5; i++) {
        await db(name).send(new UpdateItemCommand({ TableName: 'items', Key: { pk: { S: 'counter' } }, UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': { N: '1' } } }));
        expectedCounter += 1;
      }
    }
    await db('edge-1').send(new BatchWriteItemCommand({ RequestItems: { later: [{ PutRequest: { Item: { pk: { S: 'hello' }, v: { S: 'world' } } } }] } }));
    await waitFor('central caught up', async () => ((await scanAll(db('central'), 'items')) === (await scanAll(db('edge-1'), 'items')) ? true : undefined));

    await start('edge-2');
    await waitConverged('edge-2');
    expect(await stateTransfersTo('edge-2')).toBeGreaterThan(0);
    const scanned = JSON.parse(await scanAll(db('edge-2'), 'items')) as string[];
    expect(scanned.length).toBe(10 + 12 * 25 - 20 + 1);
    expect(scanned.some((item) => item.includes('"item-7"'))).toBe(false);
    expect(scanned).toContain(canonicalJson({ pk: { S: 'counter' }, n: { N: String(expectedCounter) } }));
    for (const group of ['g0', 'g1', 'g2']) expect(await queryIndex(db('edge-2'), group)).toBe(await queryIndex(db('edge-1'), group));
    await waitFor('tables at edge-2', async () => {
      const names = await tableNames(db('edge-2'));
      return names.includes('later') && !names.includes('doomed') ? true : undefined;
    });
    expect(await scanAll(db('edge-2'), 'later')).toBe(JSON.stringify([canonicalJson({ pk: { S: 'hello' }, v: { S: 'world' } })]));
    const lambdaAtEdge2 = new LambdaClient({ endpoint: pops.get('edge-2')!.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDSTATE', secretAccessKey: 'x' }, maxAttempts: 1 });
    try {
      const answer = await waitFor('late-fn invocable at edge-2', async () =>
        lambdaAtEdge2.send(new InvokeCommand({ FunctionName: 'late-fn', Payload: strToU8(JSON.stringify({ name: 'edge-2' })) })));
      expect(answer.FunctionError).toBeUndefined();
      expect(JSON.parse(new TextDecoder().decode(answer.Payload))).toEqual({ hello: 'edge-2' });
    } finally {
      lambdaAtEdge2.destroy();
    }
    // Catch-up goes on from the transferred vector: a live write arrives as a record.
    await db('edge-1').send(new UpdateItemCommand({ TableName: 'items', Key: { pk: { S: 'item-1' } }, UpdateExpression: 'SET live = :v', ExpressionAttributeValues: { ':v': { S: 'yes' } } }));
    await waitConverged('edge-2');
  }, 120_000);

  it('a brand-new PoP joining late converges while writes go on at the others', async () => {
    await start('edge-3');
    // Writes racing with the state transfer: counters must not lose or double an increment.
    for (let round = 0; round < 10; round++) {
      await Promise.all((['edge-1', 'edge-2', 'central'] as const).map((name) =>
        db(name).send(new UpdateItemCommand({ TableName: 'items', Key: { pk: { S: 'counter' } }, UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': { N: '1' } } }))));
      expectedCounter += 3;
    }
    for (const name of ['edge-1', 'edge-2', 'edge-3'] as const) {
      await waitFor(`counter at ${name}`, async () => {
        const scanned = JSON.parse(await scanAll(db(name), 'items')) as string[];
        return scanned.includes(canonicalJson({ pk: { S: 'counter' }, n: { N: String(expectedCounter) } })) ? true : undefined;
      }, 30_000);
    }
    await waitConverged('edge-3');
    expect(await stateTransfersTo('edge-3')).toBeGreaterThan(0);
    const names = await tableNames(db('edge-3'));
    expect(names).toContain('later');
    expect(names).not.toContain('doomed');
    for (const group of ['g0', 'g1', 'g2']) expect(await queryIndex(db('edge-3'), group)).toBe(await queryIndex(db('edge-1'), group));
  }, 120_000);
});
