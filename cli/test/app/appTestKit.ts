import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BatchWriteItemCommand, DynamoDBClient, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { runCli, startNodeProcess, stopNodeProcess, type CliRun, type NodeChild } from '../helpers/nodeProcess.js';

/** examples/hello-app at the repo root (cli/dist/test/app -> repo root). */
export const HELLO_APP = join(dirname(fileURLToPath(import.meta.url)), '../../../../examples/hello-app');

export const FAKE_KEYS = { accessKeyId: 'AKIDKUHIROTEST', secretAccessKey: 'kuhiro-test-secret' };

/**
 * The environment for CLI children and in-process AWS targets: fake keys (the nodes are in
 * development mode), a fixed region, AWS files in a temp dir, and no instance-metadata probing.
 */
export function isolatedAwsEnv(dir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: FAKE_KEYS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: FAKE_KEYS.secretAccessKey,
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: join(dir, 'aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...extra,
  };
}

/** Our environment without AWS_* and KUHIRO_* (PATH and HOME stay), plus `env`: children see only the AWS settings a test gives. */
export function cleanEnvWith(env: Record<string, string>): Record<string, string> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_') && !name.startsWith('KUHIRO_'))) as Record<string, string>;
  return { ...base, ...env };
}

/** Runs the CLI with an environment of our choosing (PATH and HOME from ours, AWS_* only as given). */
export function runCliWithEnv(args: string[], env: Record<string, string>, input?: string): Promise<CliRun> {
  return runCli(args, { env: cleanEnvWith(env), ...(input === undefined ? {} : { input }) });
}

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `kuhiro-${prefix}-`));
}

/** A private copy of examples/hello-app (deploy writes .kuhiro/ and switch writes .env into it). */
export async function copyHelloApp(parent: string, name = 'hello-app'): Promise<string> {
  const dir = join(parent, name);
  await cp(HELLO_APP, dir, { recursive: true, filter: (src) => !src.includes('.kuhiro') && !src.endsWith('.env') });
  return dir;
}

export interface TestNode {
  node: NodeChild;
  url: string;
  dataDir: string;
}

export async function startTestNode(name: string): Promise<TestNode> {
  const dataDir = await tempDir(`node-${name}`);
  const node = await startNodeProcess(['--port', '0', '--data', dataDir, '--name', name, '--log-level', 'warn'], 30_000);
  return { node, url: node.url, dataDir };
}

export async function stopTestNode(node: TestNode | undefined): Promise<void> {
  if (!node) return;
  await stopNodeProcess(node.node);
  await rm(node.dataDir, { recursive: true, force: true });
}

export function dynamoDbAt(url: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint: url, region: 'us-east-1', credentials: FAKE_KEYS });
}

export function lambdaAt(url: string): LambdaClient {
  return new LambdaClient({ endpoint: url, region: 'us-east-1', credentials: FAKE_KEYS });
}

/** Items of several shapes (strings, numbers, binary, sets, nested maps and lists). */
export function sampleItems(count: number, keyName = 'name'): Record<string, AttributeValue>[] {
  return Array.from({ length: count }, (_, i) => ({
    [keyName]: { S: `user-${String(i).padStart(4, '0')}` },
    hits: { N: String(i * 3) },
    ...(i % 3 === 0 ? { avatar: { B: new Uint8Array([i % 256, 1, 2, 3]) } } : {}),
    ...(i % 4 === 0 ? { tags: { SS: ['b', 'a', `t${i}`] } } : {}),
    ...(i % 5 === 0 ? { profile: { M: { city: { S: 'Lisbon' }, visits: { L: [{ N: '1.50' }, { BOOL: true }, { NULL: true }] } } } } : {}),
  }));
}

export async function putAll(client: DynamoDBClient, table: string, items: Record<string, AttributeValue>[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25)
    await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
}
