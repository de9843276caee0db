import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BatchWriteItemCommand, DynamoDBClient, type AttributeValue, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { progress } from './support/progress.js';

/**
 * `kuhiro switch aws` of one table of N shop products (default 100,000) between two `kuhiro
 * node` child processes: one is the edge, the other stands in for AWS (KUHIRO_AWS_ENDPOINT).
 * Times the real command end to end, and reads the copy phase and the count + checksum
 * verification from its own summary line. Prints one JSON line last. `--items N` for quick runs.
 */

const BIN = join(dirname(fileURLToPath(import.meta.url)), '../../../cli/dist/src/bin.js');
const GOAL_ITEMS_PER_SECOND = 5_000;
const LOAD_CONCURRENCY = 16;
const TABLE = 'switch-bench-Products';
const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Products:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions:
        - AttributeName: pk
          AttributeType: S
      KeySchema:
        - AttributeName: pk
          KeyType: HASH
`;

function itemCount(): number {
  const at = process.argv.indexOf('--items');
  const value = at >= 0 ? Number(process.argv[at + 1]) : 100_000;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--items needs a positive whole number, not ${process.argv[at + 1]}`);
  return value;
}

const CATEGORIES = ['shoes', 'jackets', 'bags', 'watches', 'shirts', 'hats'];
const BRANDS = ['Aurora', 'Kestrel', 'Monsoon', 'Pinecrest', 'Solstice'];

/** A catalogue product as the demo shop stores one: about 300 bytes of DynamoDB JSON values. */
export function shopProduct(i: number): Record<string, AttributeValue> {
  const category = CATEGORIES[i % CATEGORIES.length]!;
  const brand = BRANDS[i % BRANDS.length]!;
  return {
    pk: { S: `product#${String(i).padStart(7, '0')}` },
    name: { S: `${brand} ${category} model ${i}` },
    category: { S: category },
    brand: { S: brand },
    price: { N: (9.99 + (i % 500)).toFixed(2) },
    stock: { N: String(i % 250) },
    description: { S: `A ${category.slice(0, -1)} by ${brand}, made to last: number ${i} of the autumn range, water resistant, repairable, shipped in recycled packaging.` },
    tags: { SS: ['autumn', category, brand.toLowerCase()] },
    rating: { N: String(1 + (i % 5)) },
    views: { N: String(i * 7) },
  };
}

function startNode(name: string, dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, 'node', '--port', '0', '--name', name, '--data', dataDir, '--log-level', 'error'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const match = /ready at (\S+)/.exec(out);
      if (match) resolve({ child, url: match[1]! });
    });
    child.once('exit', (code) => reject(new Error(`kuhiro node ${name} exited with ${code}`)));
  });
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await gone;
}

function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** BatchWriteItem of 25 from LOAD_CONCURRENCY loops, retrying what comes back unprocessed. */
async function load(url: string, count: number): Promise<number> {
  const client = new DynamoDBClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'x' } });
  const started = performance.now();
  let next = 0;
  try {
    await Promise.all(Array.from({ length: LOAD_CONCURRENCY }, async () => {
      while (next < count) {
        const from = next;
        next = Math.min(count, next + 25);
        let requests: WriteRequest[] = Array.from({ length: next - from }, (_, k) => ({ PutRequest: { Item: shopProduct(from + k) } }));
        while (requests.length) {
          const answer = await client.send(new BatchWriteItemCommand({ RequestItems: { [TABLE]: requests } }));
          requests = answer.UnprocessedItems?.[TABLE] ?? [];
        }
      }
    }));
  } finally {
    client.destroy();
  }
  return (performance.now() - started) / 1000;
}

export async function run(): Promise<void> {
  const items = itemCount();
  const root = await mkdtemp(join(tmpdir(), 'kuhiro-bench-switch-'));
  const appDir = join(root, 'switch-bench');
  let edge: { child: ChildProcess; url: string } | undefined;
  let aws: { child: ChildProcess; url: string } | undefined;
  try {
    await mkdir(appDir);
    await writeFile(join(appDir, 'template.yaml'), TEMPLATE);
    [edge, aws] = await Promise.all([startNode('edge', join(root, 'edge')), startNode('stand-in-aws', join(root, 'aws'))]);
    const env: NodeJS.ProcessEnv = {
      ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_') && !name.startsWith('KUHIRO_'))),
      AWS_ACCESS_KEY_ID: 'AKIDBENCH', AWS_SECRET_ACCESS_KEY: 'x', AWS_REGION: 'us-east-1',
      AWS_CONFIG_FILE: join(root, 'aws-config'), AWS_SHARED_CREDENTIALS_FILE: join(root, 'aws-credentials'),
      AWS_EC2_METADATA_DISABLED: 'true', KUHIRO_AWS_ENDPOINT: aws.url,
    };
    const deploy = await runCli(['deploy', '--app', appDir, '--endpoint', edge.url], env);
    if (deploy.code !== 0) throw new Error(`kuhiro deploy failed:\n${deploy.stderr}`);
    progress(`loading ${items} items into the edge node`);
    const loadSeconds = await load(edge.url, items);
    const bytes = Buffer.byteLength(JSON.stringify(shopProduct(items >> 1)));
    progress(`loaded in ${loadSeconds.toFixed(1)} s; running kuhiro switch aws`);

    const started = performance.now();
    const switched = await runCli(['switch', 'aws', '--app', appDir], env);
    const endToEndSeconds = (performance.now() - started) / 1000;
    if (switched.code !== 0) throw new Error(`kuhiro switch failed (${switched.code}):\n${switched.stdout}\n${switched.stderr}`);
    // "  TABLE: N items copied in X s (R items/s); source N items, target N items, checksums match (verified in Y s)"
    const summary = new RegExp(`${TABLE}: (\\d+) items copied in ([\\d.]+) s .*source (\\d+) items, target (\\d+) items, checksums (match|differ).* \\(verified in ([\\d.]+) s\\)`).exec(switched.stdout);
    if (!summary) throw new Error(`no copy summary in the switch output:\n${switched.stdout}`);
    const [, copied, copySeconds, sourceCount, targetCount, checksums, verifySeconds] = summary;
    const copyRate = Number(copied) / Number(copySeconds);
    const endToEndRate = items / endToEndSeconds;
    const verified = checksums === 'match' && Number(sourceCount) === items && Number(targetCount) === items;
    const result = {
      benchmark: 'switch',
      note: 'measured on a shared, loaded 2-core machine; both nodes, the CLI and this script share it',
      items,
      itemBytes: bytes,
      itemBytesNote: 'one product as DynamoDB JSON (attribute names, types and values)',
      loadSeconds: round(loadSeconds),
      loadItemsPerSecond: Math.round(items / loadSeconds),
      switchEndToEndSeconds: round(endToEndSeconds),
      switchEndToEndItemsPerSecond: Math.round(endToEndRate),
      copySeconds: Number(copySeconds),
      copyItemsPerSecond: Math.round(copyRate),
      verifySeconds: Number(verifySeconds),
      verified,
      goals: [
        {
          name: `kuhiro switch of ${items} items, end to end (deploy + copy + verify + config)`,
          target: `>= ${GOAL_ITEMS_PER_SECOND} items/s`,
          measured: `${Math.round(endToEndRate)} items/s${verified ? '' : ', NOT verified'}`,
          met: verified && endToEndRate >= GOAL_ITEMS_PER_SECOND,
        },
        {
          name: `copy phase of kuhiro switch (parallel scan + batch writes) of ${items} items`,
          target: `>= ${GOAL_ITEMS_PER_SECOND} items/s`,
          measured: `${Math.round(copyRate)} items/s (the target node's own BatchWriteItem load ran at ${Math.round(items / loadSeconds)} items/s)`,
          met: verified && copyRate >= GOAL_ITEMS_PER_SECOND,
        },
      ],
    };
    process.stdout.write(JSON.stringify(result) + '\n');
  } finally {
    await Promise.all([stop(edge?.child), stop(aws?.child)]);
    await rm(root, { recursive: true, force: true });
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
