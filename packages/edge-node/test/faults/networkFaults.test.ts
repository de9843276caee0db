import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { CreateTableCommand, DescribeTableCommand, GetItemCommand, PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { join } from 'node:path';
import { startNode, type RunningNode } from '@kuhiro/edge-node';
import { makeTempDir } from '../helpers/tempDir.js';
import { adminCall } from '../status/adminApi.js';
import { freePorts } from '@kuhiro/replication';
import { dynamoClient, networkView, waitFor, writeNetworkConfig } from '../network/helpers/localNetwork.js';

const silent = { error() {}, warn() {}, info() {}, debug() {}, isEnabled: () => false };
const TABLE = 'fault_net';

interface PeerView { name: string; connected: boolean; rttMs: number | null }

/** Two PoPs (central + one edge) in this process; faults are set through the edge's admin API. */
describe('network faults: partition and delay of a PoP through the admin API', () => {
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  let central: RunningNode;
  let edge: RunningNode;
  let atCentral: DynamoDBClient;
  let atEdge: DynamoDBClient;

  const put = (client: DynamoDBClient, id: string) => client.send(new PutItemCommand({ TableName: TABLE, Item: { id: { S: id } } }));
  const has = async (client: DynamoDBClient, id: string) =>
    (await client.send(new GetItemCommand({ TableName: TABLE, Key: { id: { S: id } } }))).Item !== undefined;
  const peer = async (node: RunningNode, name: string) => ((await networkView(node.url)).peers as unknown as PeerView[]).find((p) => p.name === name)!;
  const linkIs = (connected: boolean) =>
    waitFor(`link ${connected ? 'up' : 'down'}`, async () =>
      (await peer(edge, 'central')).connected === connected && (await peer(central, 'edge-1')).connected === connected ? true : undefined,
    30_000);
  const arrives = (client: DynamoDBClient, id: string) => waitFor(`${id} replicated`, async () => ((await has(client, id)) ? true : undefined), 30_000);

  beforeAll(async () => {
    dir = await makeTempDir('kuhiro-netfaults-');
    const [centralPort, edgePort] = (await freePorts(2)) as [number, number];
    const networkFile = join(dir.path, 'network.json');
    await writeNetworkConfig(networkFile, 'fault-net', 'net-fault-secret-0123456789', [
      { name: 'central', url: `http://127.0.0.1:${centralPort}`, role: 'central' },
      { name: 'edge-1', url: `http://127.0.0.1:${edgePort}`, role: 'edge' },
    ]);
    [central, edge] = await Promise.all([
      startNode({ port: centralPort, dataDir: join(dir.path, 'central'), nodeName: 'central', networkFile, fsync: 'none' }, { log: silent }),
      startNode({ port: edgePort, dataDir: join(dir.path, 'edge-1'), nodeName: 'edge-1', networkFile, fsync: 'none' }, { log: silent }),
    ]);
    atCentral = dynamoClient(central.url);
    atEdge = dynamoClient(edge.url);
    await atEdge.send(
      new CreateTableCommand({
        TableName: TABLE,
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    await waitFor('table at central', async () => ((await atCentral.send(new DescribeTableCommand({ TableName: TABLE }))).Table ? true : undefined), 30_000);
    await put(atEdge, 'first');
    await arrives(atCentral, 'first');
  }, 90_000);

  afterAll(async () => {
    atCentral?.destroy();
    atEdge?.destroy();
    await Promise.all([edge?.close(), central?.close()]);
    await dir?.remove();
  }, 30_000);

  it('a partitioned PoP exchanges nothing; after healing both replicas converge', async () => {
    const cut = await adminCall(edge.url, 'POST', '/faults', { body: { service: 'replication', partition: true, peers: ['central'] } });
    expect(cut.status).toBe(201);
    expect(cut.body).toMatchObject({ service: 'replication', partition: true, peers: ['central'] });
    await linkIs(false);

    await put(atEdge, 'written-at-edge');
    await put(atCentral, 'written-at-central');
    // Give replication ample time it would normally need a few ms for: nothing crosses.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await has(atCentral, 'written-at-edge')).toBe(false);
    expect(await has(atEdge, 'written-at-central')).toBe(false);
    expect((await peer(edge, 'central')).connected).toBe(false);

    const healed = await adminCall(edge.url, 'DELETE', '/faults', { query: { service: 'replication' } });
    expect(healed.body).toEqual({ removed: 1 });
    await arrives(atCentral, 'written-at-edge');
    await arrives(atEdge, 'written-at-central');
    await linkIs(true);
  }, 90_000);

  it('a partition with a duration heals by itself', async () => {
    await linkIs(true);
    await adminCall(edge.url, 'POST', '/faults', { body: { service: 'replication', partition: true, durationMs: 5000 } });
    // Checked first thing: the partition only lasts durationMs, which a loaded machine could
    // spend on a few slow requests before this check.
    expect((await peer(edge, 'central')).connected).toBe(false); // cut at once, synchronously
    await put(atEdge, 'during-timed-partition');
    await arrives(atCentral, 'during-timed-partition');
    expect((await adminCall(edge.url, 'GET', '/faults')).body).toEqual({ faults: [] });
  }, 60_000);

  it('a delay slows every frame the PoP sends (seen in its ping RTT), and replication still delivers', async () => {
    await linkIs(true);
    await adminCall(edge.url, 'POST', '/faults', { body: { service: 'replication', latencyMs: 400, peers: ['central'] } });
    await waitFor('RTT above the injected delay', async () => ((await peer(edge, 'central')).rttMs! >= 400 ? true : undefined), 30_000);
    const started = performance.now();
    await put(atEdge, 'delayed');
    await arrives(atCentral, 'delayed');
    expect(performance.now() - started).toBeGreaterThanOrEqual(399);
    await adminCall(edge.url, 'DELETE', '/faults');
  }, 60_000);
});
