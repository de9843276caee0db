import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import { CreateEventSourceMappingCommand, CreateFunctionCommand, GetFunctionCommand, LambdaClient, ListEventSourceMappingsCommand, waitUntilFunctionActiveV2 } from '@aws-sdk/client-lambda';
import { createLogger, startNode, type RunningNode } from '@kuhiro/edge-node';
import { DEV_CREDENTIALS, type Target } from '@kuhiro/compat-tests';
import { zipCode } from '../lambda/lambdaTarget.js';
import { eventually, keyTable, RECORDING_HANDLER, seen } from './triggerFixtures.js';
import { freePorts } from '@kuhiro/replication';

const SLOW = 180_000;
const region = 'us-east-1';
const POPS = ['central', 'edge-a'] as const;
let dir: string;
const nodes = new Map<string, RunningNode>();
const destroyables: Array<{ destroy(): void }> = [];


function clientsOf(pop: string) {
  const config = { endpoint: nodes.get(pop)!.url, region, credentials: DEV_CREDENTIALS, maxAttempts: 1 };
  const db = new DynamoDBClient(config);
  const lambda = new LambdaClient(config);
  const streams = new DynamoDBStreamsClient(config);
  destroyables.push(db, lambda, streams);
  const target: Target = { kind: 'edge', endpoint: config.endpoint, region, credentials: DEV_CREDENTIALS, tablePrefix: 'pops-', dynamodb: () => db, stop: async () => {} };
  return { db, lambda, streams, target };
}

async function streamRecords(streams: DynamoDBStreamsClient, streamArn: string): Promise<string[]> {
  const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
  const { ShardIterator } = await streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: StreamDescription!.Shards![0]!.ShardId!, ShardIteratorType: 'TRIM_HORIZON' }));
  const { Records } = await streams.send(new GetRecordsCommand({ ShardIterator: ShardIterator! }));
  return (Records ?? []).map((record) => record.dynamodb!.Keys!.pk!.S!);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kuhiro-streams-pops-'));
  const ports = await freePorts(POPS.length);
  const networkFile = join(dir, 'kuhiro.network.json');
  await writeFile(networkFile, JSON.stringify({
    networkId: 'streams-test', secret: 'streams-test-secret-0123456789',
    pops: POPS.map((name, i) => ({ name, url: `http://127.0.0.1:${ports[i]}`, role: name === 'central' ? 'central' : 'edge' })),
  }));
  for (const [i, name] of POPS.entries()) {
    nodes.set(name, await startNode(
      { port: ports[i]!, host: '127.0.0.1', dataDir: join(dir, name), nodeName: name, networkFile, logLevel: 'error' },
      { log: createLogger({ level: 'error' }) },
    ));
  }
}, SLOW);

afterAll(async () => {
  for (const client of destroyables) client.destroy();
  await Promise.all([...nodes.values()].map((node) => node.close()));
  if (dir) await rm(dir, { recursive: true, force: true });
}, SLOW);

describe('streams and triggers across PoPs', () => {
  it('records a change in every PoP\'s stream but triggers the (replicated) function only where it was written', async () => {
    const a = clientsOf('edge-a');
    const central = clientsOf('central');
    const sink = (await keyTable(a.target, 'sink')).table;
    const { table, streamArn } = await keyTable(a.target, 'orders', 'NEW_IMAGE');
    await eventually(async () => {
      const described = await central.db.send(new DescribeTableCommand({ TableName: table })).catch(() => undefined);
      return described?.Table?.LatestStreamArn === streamArn;
    }, 30_000, 'the table at central');
    await eventually(async () => !!(await central.db.send(new DescribeTableCommand({ TableName: sink })).catch(() => undefined)), 30_000, 'the sink at central');

    // Functions and event source mappings replicate (control plane): created once, at edge-a.
    await a.lambda.send(new CreateFunctionCommand({
      FunctionName: 'recorder', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: 'arn:aws:iam::000000000000:role/kuhiro',
      Code: { ZipFile: zipCode({ 'index.js': RECORDING_HANDLER }) }, Environment: { Variables: { SINK: sink } },
    }));
    await waitUntilFunctionActiveV2({ client: a.lambda, maxWaitTime: 60, minDelay: 1, maxDelay: 2 }, { FunctionName: 'recorder' });
    const mapping = await a.lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'recorder', EventSourceArn: streamArn!, StartingPosition: 'TRIM_HORIZON' }));
    await eventually(async () => {
      const listed = await central.lambda.send(new ListEventSourceMappingsCommand({})).catch(() => undefined);
      return !!listed?.EventSourceMappings?.some((m) => m.UUID === mapping.UUID && m.State === 'Enabled');
    }, 30_000, 'the mapping at central');
    await eventually(async () => !!(await central.lambda.send(new GetFunctionCommand({ FunctionName: 'recorder' })).catch(() => undefined)), 30_000, 'the function at central');

    await a.db.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'written-at-a' } } }));
    await central.db.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'written-at-central' } } }));

    // Both streams hold both changes.
    for (const clients of [a, central]) {
      await eventually(async () => (await streamRecords(clients.streams, streamArn!)).length === 2, 30_000, 'both records in the stream');
      expect((await streamRecords(clients.streams, streamArn!)).sort()).toEqual(['written-at-a', 'written-at-central']);
    }
    // Each change triggered the function once, at its own PoP (the sink item replicates, so read it at one PoP):
    // had both PoPs delivered both changes, the log would hold four entries.
    await eventually(async () => (await seen(a.db, sink)).length >= 2, 30_000, 'both deliveries');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await seen(a.db, sink)).map((record) => record.key).sort()).toEqual(['written-at-a', 'written-at-central']);
  }, SLOW);
});
