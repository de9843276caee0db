import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CreateTableCommand, GetItemCommand, PutItemCommand, UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { join } from 'node:path';
import { makeTempDir } from '../helpers/tempDir.js';
import { dynamoClient, freePorts, startPop, waitFor, writeNetworkConfig, networkView, type PopProcess, stopNetwork } from './helpers/localNetwork.js';

// The SPOT interceptor and escrow have their own in-process tests (test/spot, test/escrow);
// this file proves they are wired into real `kuhiro node` processes joined by a network config.
const SECRET = 'spot-wiring-secret-0123456789';
const NAMES = ['central', 'edge-a', 'edge-b'] as const;

describe('SPOT tables and bounded counters through networked node processes', () => {
  let temp: { path: string; remove(): Promise<void> };
  const pops = new Map<string, PopProcess>();
  const clients = new Map<string, DynamoDBClient>();

  beforeAll(async () => {
    temp = await makeTempDir('kuhiro-spot-');
    const ports = await freePorts(NAMES.length);
    const popConfigs = NAMES.map((name, i) => ({
      name,
      url: `http://127.0.0.1:${ports[i]}`,
      role: name === 'central' ? ('central' as const) : ('edge' as const),
    }));
    const networkFile = join(temp.path, 'kuhiro.network.json');
    await writeNetworkConfig(networkFile, 'spot-test', SECRET, popConfigs);
    const started = await Promise.all(NAMES.map((name, i) => startPop({ name, port: ports[i]!, dataDir: join(temp.path, name), networkFile })));
    for (const pop of started) {
      pops.set(pop.name, pop);
      clients.set(pop.name, dynamoClient(pop.url));
    }
    await waitFor('all links up', async () => {
      const views = await Promise.all(NAMES.map((name) => networkView(pops.get(name)!.url)));
      return views.every((view) => view.peers.every((peer) => peer.connected)) ? true : undefined;
    });
  }, 150_000);

  afterAll(() => stopNetwork({ clients: clients.values(), pops: pops.values(), temp }), 30_000);

  async function createTableAt(pop: string, name: string, tag: { Key: string; Value: string }): Promise<void> {
    await clients.get(pop)!.send(
      new CreateTableCommand({
        TableName: name,
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
        Tags: [tag],
      }),
    );
    await waitFor(`${name} everywhere`, async () => {
      const views = await Promise.all(NAMES.map((n) => networkView(pops.get(n)!.url)));
      return views.every((view) => Object.values(view.tables).some((names) => names.includes(name))) ? true : undefined;
    });
  }

  it('lets exactly one of concurrent conditional claims from every PoP win', async () => {
    await createTableAt('edge-a', 'usernames', { Key: 'kuhiro:consistency', Value: 'central' });
    const outcomes = await Promise.allSettled(
      NAMES.map((pop) =>
        clients.get(pop)!.send(
          new PutItemCommand({
            TableName: 'usernames',
            Item: { pk: { S: 'ada' }, claimedAt: { S: pop } },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      ),
    );
    const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const lost = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost.map((outcome) => (outcome.reason as Error).name)).toEqual(['ConditionalCheckFailedException', 'ConditionalCheckFailedException']);
    // The winner reads its own write at once, wherever it wrote.
    const winner = NAMES[outcomes.findIndex((outcome) => outcome.status === 'fulfilled')]!;
    const read = await clients.get(winner)!.send(new GetItemCommand({ TableName: 'usernames', Key: { pk: { S: 'ada' } } }));
    expect(read.Item?.claimedAt).toEqual({ S: winner });
  }, 60_000);

  it('never sells more than the stock of a bounded counter, buying at every PoP at once', async () => {
    await createTableAt('edge-a', 'products', { Key: 'kuhiro:bounded', Value: 'stock:min=0' });
    await clients.get('central')!.send(new PutItemCommand({ TableName: 'products', Item: { pk: { S: 'lamp' }, stock: { N: '20' } } }));
    await waitFor('stock everywhere', async () => {
      const reads = await Promise.all(
        NAMES.map((pop) => clients.get(pop)!.send(new GetItemCommand({ TableName: 'products', Key: { pk: { S: 'lamp' } } }))),
      );
      return reads.every((read) => read.Item?.stock?.N === '20') ? true : undefined;
    });
    const buy = (pop: string) =>
      clients.get(pop)!.send(
        new UpdateItemCommand({
          TableName: 'products',
          Key: { pk: { S: 'lamp' } },
          UpdateExpression: 'SET stock = stock - :q',
          ConditionExpression: 'stock >= :q',
          ExpressionAttributeValues: { ':q': { N: '1' } },
        }),
      );
    // 3 PoPs x 10 buyers for 20 lamps.
    const attempts = NAMES.flatMap((pop) => Array.from({ length: 10 }, () => buy(pop)));
    const outcomes = await Promise.allSettled(attempts);
    const sold = outcomes.filter((outcome) => outcome.status === 'fulfilled').length;
    const refusals = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [(outcome.reason as Error).name] : []));
    expect(new Set(refusals)).toEqual(new Set(refusals.length > 0 ? ['ConditionalCheckFailedException'] : []));
    // Never oversold. Under this burst some buyers may be refused while units are still parked
    // as escrow at another PoP (a known limit, src/escrow/README.md): so not always all 20.
    expect(sold).toBeLessThanOrEqual(20);
    expect(sold).toBeGreaterThanOrEqual(10);
    await waitFor('the same stock everywhere', async () => {
      const reads = await Promise.all(
        NAMES.map((pop) => clients.get(pop)!.send(new GetItemCommand({ TableName: 'products', Key: { pk: { S: 'lamp' } } }))),
      );
      const values = reads.map((read) => read.Item?.stock?.N);
      return values.every((value) => value === values[0]) ? values[0] : undefined;
    }).then((stock) => expect(Number(stock)).toBe(20 - sold));
    expect(Number((await clients.get('central')!.send(new GetItemCommand({ TableName: 'products', Key: { pk: { S: 'lamp' } } }))).Item?.stock?.N)).toBeGreaterThanOrEqual(0);
  }, 90_000);
});
