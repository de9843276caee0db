import { describe, it, expect, afterAll } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import { CreateEventSourceMappingCommand, CreateFunctionCommand, LambdaClient, waitUntilFunctionActiveV2 } from '@aws-sdk/client-lambda';
import { CLI_BIN, DEV_CREDENTIALS, type Target } from '@kuhiro/compat-tests';
import { zipCode } from '../lambda/lambdaTarget.js';
import { eventually, keyTable, RECORDING_HANDLER, seen } from './triggerFixtures.js';

const SLOW = 180_000;
const region = 'us-east-1';
let dataDir: string | undefined;
let child: ChildProcess | undefined;

/** `kuhiro node` on a data dir of our own, so the test can stop it and start it again on the same data. */
async function startNode(dir: string): Promise<string> {
  const started = spawn(process.execPath, [CLI_BIN, 'node', '--port', '0', '--data', dir, '--region', region], { stdio: ['ignore', 'pipe', 'pipe'] });
  child = started;
  let stderr = '';
  started.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
  return new Promise((resolve, reject) => {
    let stdout = '';
    started.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const match = /^kuhiro node ready at (http:\/\/\S+)\s*$/m.exec(stdout);
      if (match) resolve(match[1]!);
    });
    started.once('exit', (code) => reject(new Error(`node exited (${code}): ${stderr}`)));
  });
}

async function stopNode(): Promise<void> {
  const running = child;
  child = undefined;
  if (!running || running.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    running.once('exit', () => resolve());
    running.kill('SIGTERM');
  });
}

/** The parts of a compat Target these helpers use. */
function targetAt(endpoint: string, clients: DynamoDBClient[]): Target {
  return {
    kind: 'edge', endpoint, region, credentials: DEV_CREDENTIALS, tablePrefix: 'restart-',
    dynamodb: () => {
      const client = new DynamoDBClient({ endpoint, region, credentials: DEV_CREDENTIALS, maxAttempts: 1 });
      clients.push(client);
      return client;
    },
    stop: async () => {},
  };
}

afterAll(async () => {
  await stopNode();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}, SLOW);

describe('triggers across a node restart', () => {
  it('loses no record and reorders none per item when the node restarts with records pending', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kuhiro-streams-restart-'));
    const clients: DynamoDBClient[] = [];
    let endpoint = await startNode(dataDir);
    let target = targetAt(endpoint, clients);
    const sink = (await keyTable(target, 'sink')).table;
    const { table, streamArn } = await keyTable(target, 'source', 'NEW_AND_OLD_IMAGES');
    const lambda = new LambdaClient({ endpoint, region, credentials: DEV_CREDENTIALS, maxAttempts: 1 });
    await lambda.send(new CreateFunctionCommand({
      FunctionName: 'restart-recorder', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: 'arn:aws:iam::000000000000:role/kuhiro-compat',
      Code: { ZipFile: zipCode({ 'index.js': RECORDING_HANDLER }) }, Environment: { Variables: { SINK: sink, SLEEP_MS: '100' } },
    }));
    await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 60, minDelay: 1, maxDelay: 2 }, { FunctionName: 'restart-recorder' });

    // 30 changes to 3 items, all in the stream before the mapping starts reading it from
    // TRIM_HORIZON: were the mapping already running, a slow (loaded) machine could write
    // slower than it delivers, and nothing would be pending when the node stops. With 2
    // records per ~100 ms batch, most are pending then.
    const db = target.dynamodb();
    for (let i = 0; i < 30; i++) {
      await db.send(new UpdateItemCommand({
        TableName: table, Key: { pk: { S: `k${i % 3}` } }, UpdateExpression: 'SET n = :n', ExpressionAttributeValues: { ':n': { N: String(i) } },
      }));
    }
    await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: 'restart-recorder', EventSourceArn: streamArn!, StartingPosition: 'TRIM_HORIZON', BatchSize: 2 }));
    lambda.destroy();
    let deliveredBeforeStop = 0;
    await eventually(async () => (deliveredBeforeStop = new Set((await seen(db, sink)).map((record) => record.seq)).size) >= 4, 30_000, 'the first batches');
    await stopNode();
    for (const client of clients.splice(0)) client.destroy();
    expect(deliveredBeforeStop).toBeLessThan(30);

    endpoint = await startNode(dataDir);
    target = targetAt(endpoint, clients);
    const db2 = target.dynamodb();
    const streams = new DynamoDBStreamsClient({ endpoint, region, credentials: DEV_CREDENTIALS, maxAttempts: 1 });
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn! }));
    const { ShardIterator } = await streams.send(new GetShardIteratorCommand({ StreamArn: streamArn!, ShardId: StreamDescription!.Shards![0]!.ShardId!, ShardIteratorType: 'TRIM_HORIZON' }));
    const { Records } = await streams.send(new GetRecordsCommand({ ShardIterator: ShardIterator! }));
    streams.destroy();
    // The stream itself survived the restart: all 30 records.
    expect(Records).toHaveLength(30);
    const all = Records!.map((record) => record.dynamodb!.SequenceNumber!);

    await eventually(async () => new Set((await seen(db2, sink)).map((record) => record.seq)).size === 30, 60_000, 'every record delivered');
    const delivered = await seen(db2, sink);
    expect(new Set(delivered.map((record) => record.seq))).toEqual(new Set(all));
    // Per item, first deliveries come in stream order (a redelivered batch may repeat, at least once).
    for (const key of ['k0', 'k1', 'k2']) {
      const firsts: string[] = [];
      for (const record of delivered) if (record.key === key && !firsts.includes(record.seq)) firsts.push(record.seq);
      expect(firsts).toEqual([...firsts].sort());
      expect(firsts).toHaveLength(10);
    }
    for (const client of clients) client.destroy();
  }, SLOW);
});

