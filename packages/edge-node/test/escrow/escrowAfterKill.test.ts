import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { CreateTableCommand, GetItemCommand, PutItemCommand, UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { makeTempDir } from '../helpers/tempDir.js';
import { freePorts } from '@kuhiro/replication';
import { dynamoClient, killPop, networkView, startPop, waitFor, writeNetworkConfig, type PopProcess, type PopSpec, stopNetwork } from '../network/helpers/localNetwork.js';

const SECRET = 'escrow-kill-secret-0123456789';
const NAMES = ['central', 'edge-1', 'edge-2'] as const;
type Name = (typeof NAMES)[number];
const STOCK = 150;

type Outcome = 'sold' | 'refused' | 'unknown';

/** The purchase idiom on a bounded counter. A transport error (the PoP was killed) leaves the outcome unknown. */
async function buy(client: DynamoDBClient): Promise<Outcome> {
  try {
    await client.send(new UpdateItemCommand({
      TableName: 'products', Key: { pk: { S: 'sku' } }, UpdateExpression: 'SET stock = stock - :q', ConditionExpression: 'stock >= :q',
      ExpressionAttributeValues: { ':q': { N: '1' } },
    }));
    return 'sold';
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'ConditionalCheckFailedException') return 'refused';
    if (name === 'ServiceUnavailable') return 'refused'; // central unreachable: certainly nothing sold
    return 'unknown';
  }
}

async function stockAt(client: DynamoDBClient): Promise<number> {
  const answer = await client.send(new GetItemCommand({ TableName: 'products', Key: { pk: { S: 'sku' } }, ConsistentRead: true }));
  return Number(answer.Item!.stock!.N);
}

describe('PoP escrow survives kill -9 (child processes)', () => {
  let temp: { path: string; remove(): Promise<void> };
  const specs = new Map<Name, PopSpec>();
  const pops = new Map<Name, PopProcess>();
  const clients = new Map<Name, DynamoDBClient>();
  const db = (name: Name) => clients.get(name)!;

  async function start(name: Name): Promise<void> {
    const pop = await startPop(specs.get(name)!);
    pops.set(name, pop);
    clients.get(name)?.destroy();
    clients.set(name, dynamoClient(pop.url));
  }

  beforeAll(async () => {
    temp = await makeTempDir('kuhiro-escrow-kill-');
    const ports = new Map<Name, number>();
    const chosen = await freePorts(NAMES.length);
    NAMES.forEach((name, i) => ports.set(name, chosen[i]!));
    const networkFile = join(temp.path, 'network.json');
    await writeNetworkConfig(networkFile, 'escrow-kill', SECRET, NAMES.map((name) => ({ name, url: `http://127.0.0.1:${ports.get(name)!}`, role: name === 'central' ? 'central' : 'edge' })));
    for (const name of NAMES) specs.set(name, { name, port: ports.get(name)!, dataDir: join(temp.path, name), networkFile });
    await Promise.all(NAMES.map((name) => start(name)));
    await db('edge-1').send(new CreateTableCommand({
      TableName: 'products', AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST', Tags: [{ Key: 'kuhiro:bounded', Value: 'stock>=0' }],
    }));
    await waitFor('products everywhere', async () => {
      const views = await Promise.all(NAMES.map((name) => networkView(pops.get(name)!.url)));
      return views.every((view) => Object.values(view.tables).some((names) => names.includes('products'))) ? true : undefined;
    });
    await db('edge-1').send(new PutItemCommand({ TableName: 'products', Item: { pk: { S: 'sku' }, stock: { N: String(STOCK) } } }));
    await waitFor('stock at the edges', async () => ((await stockAt(db('edge-1'))) === STOCK && (await stockAt(db('edge-2'))) === STOCK ? true : undefined));
  }, 120_000);

  afterAll(() => stopNetwork({ clients: clients.values(), pops: pops.values(), temp }), 60_000);

  it('a PoP killed mid-decrements neither oversells nor keeps its escrow parked after its restart', async () => {
    let sold = 0;
    let unknown = 0;
    const count = (outcome: Outcome) => {
      if (outcome === 'sold') sold += 1;
      if (outcome === 'unknown') unknown += 1;
    };
    // Buyers at edge-1 until it is killed under them (each stops at its first transport error).
    let killed = false;
    const buyersAtEdge1 = [0, 1, 2, 3].map(async () => {
      for (;;) {
        const outcome = await buy(db('edge-1'));
        count(outcome);
        if (outcome === 'unknown' || killed) return;
      }
    });
    await waitFor('edge-1 sold from its escrow', async () => (sold >= 30 ? true : undefined));
    killed = true;
    await killPop(pops.get('edge-1')!);
    await Promise.all(buyersAtEdge1);
    const atKill = sold;
    expect(atKill).toBeGreaterThan(0);

    await start('edge-1');
    // Everybody buys again until the stock is gone: units the killed process held must come
    // back (its successor retires it at central), or the stock never reaches 0.
    const deadline = Date.now() + 40_000;
    const buyer = async (name: Name) => {
      while (Date.now() < deadline) {
        const outcome = await buy(db(name));
        count(outcome);
        if (outcome === 'unknown') throw new Error(`transport error at ${name}`);
        if (outcome === 'refused') {
          if ((await stockAt(db('central'))) === 0) return;
          await new Promise((resolve) => setTimeout(resolve, 200)); // escrow parked elsewhere comes back when idle
        }
      }
    };
    await Promise.all((['edge-1', 'edge-1', 'edge-2', 'central'] as const).map((name) => buyer(name)));
    await waitFor('every PoP agrees the stock is gone', async () => {
      const stocks = await Promise.all(NAMES.map((name) => stockAt(db(name))));
      return stocks.every((stock) => stock === 0) ? true : undefined;
    }, 30_000);
    // Never oversold (the bound held everywhere), nothing lost: every acknowledged sale is in the
    // final value, and only the requests cut by the kill may have sold without an answer.
    expect(sold).toBeLessThanOrEqual(STOCK);
    expect(sold + unknown).toBeGreaterThanOrEqual(STOCK);
    expect(unknown).toBeLessThanOrEqual(4);
  }, 150_000);
});
