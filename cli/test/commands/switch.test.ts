import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CreateTableCommand, DeleteItemCommand, DescribeTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { copyTables } from '../../src/app/copyTables.js';
import { digestTable } from '../../src/app/parallelScan.js';
import { silentProgress } from '../../src/app/progressBar.js';
import {
  copyHelloApp, dynamoDbAt, isolatedAwsEnv, putAll, runCliWithEnv, sampleItems, startTestNode, stopTestNode, tempDir, type TestNode,
} from '../app/appTestKit.js';

let nodeA: TestNode | undefined; // the edge
let nodeB: TestNode | undefined; // stands in for AWS
let root: string;

beforeAll(async () => {
  root = await tempDir('switch');
  [nodeA, nodeB] = await Promise.all([startTestNode('edge-a'), startTestNode('fake-aws-b')]);
}, 120_000);

afterAll(async () => {
  await Promise.all([stopTestNode(nodeA), stopTestNode(nodeB)]);
  await rm(root, { recursive: true, force: true });
});

const TABLE = 'hello-app-GreetingsTable';
const USER_CONFIG = '# team settings\n[default]\nregion = us-east-1\n\n[profile other]\nregion = eu-west-1\n';

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

describe('kuhiro switch', () => {
  it('moves an app edge -> aws -> edge: deploys, copies verified data, rewrites profile and .env', async () => {
    const appDir = await copyHelloApp(root);
    const env = isolatedAwsEnv(root, { KUHIRO_AWS_ENDPOINT: nodeB!.url });
    await writeFile(env.AWS_CONFIG_FILE!, USER_CONFIG);
    expect((await runCliWithEnv(['deploy', '--app', appDir, '--endpoint', nodeA!.url], env)).code).toBe(0);
    const items = sampleItems(230);
    await putAll(dynamoDbAt(nodeA!.url), TABLE, items);

    const toAws = await runCliWithEnv(['switch', 'aws', '--app', appDir, '--role-arn', 'arn:aws:iam::123456789012:role/hello'], env);
    expect(toAws.stderr).toBe('');
    expect(toAws.code).toBe(0);
    expect(toAws.stdout).toContain(`Switching ${appDir} from edge (${nodeA!.url}) to aws (${nodeB!.url})`);
    expect(toAws.stdout).toMatch(new RegExp(`${TABLE}: 230 items copied .*source 230 items, target 230 items, checksums match`));
    expect(toAws.stdout).toContain(`To switch back: kuhiro switch edge --app ${appDir}`);
    const [a, b] = await Promise.all([digestTable(dynamoDbAt(nodeA!.url), TABLE), digestTable(dynamoDbAt(nodeB!.url), TABLE)]);
    expect(b.count).toBe(230);
    expect(b.checksum).toBe(a.checksum);
    // The function came along and serves the copied data on "AWS".
    const awsState = JSON.parse(await readFile(join(appDir, '.kuhiro', 'deploy-aws.json'), 'utf8')) as { functions: { HelloFunction: { url: string } } };
    expect(await (await fetch(`${awsState.functions.HelloFunction.url}?name=user-0003`)).json()).toEqual({ message: 'Hello, user-0003!', hits: 10 });
    // aws: no endpoints in the profile or .env; the user's own config is untouched.
    expect(await readFile(env.AWS_CONFIG_FILE!, 'utf8')).toBe(USER_CONFIG);
    expect(await exists(join(appDir, '.env'))).toBe(false);
    expect(await exists(join(appDir, '.kuhiro', 'copy-edge-to-aws.json'))).toBe(false);

    // While on "AWS" the app deletes one item and writes another.
    await dynamoDbAt(nodeB!.url).send(new DeleteItemCommand({ TableName: TABLE, Key: { name: { S: 'user-0000' } } }));
    await dynamoDbAt(nodeB!.url).send(new PutItemCommand({ TableName: TABLE, Item: { name: { S: 'new-on-aws' }, hits: { N: '1' } } }));

    const toEdge = await runCliWithEnv(['switch', 'edge', '--app', appDir], env);
    expect(toEdge.code).toBe(0);
    expect(toEdge.stdout).toMatch(/1 items the source no longer has deleted; source 230 items, target 230 items, checksums match/);
    expect(await dynamoDbAt(nodeA!.url).send(new GetItemCommand({ TableName: TABLE, Key: { name: { S: 'user-0000' } } }))).not.toHaveProperty('Item');
    expect((await dynamoDbAt(nodeA!.url).send(new GetItemCommand({ TableName: TABLE, Key: { name: { S: 'new-on-aws' } } }))).Item).toEqual({ name: { S: 'new-on-aws' }, hits: { N: '1' } });

    // edge: the profile's services point at node A and the SDK follows them with no endpoint in code.
    const config = await readFile(env.AWS_CONFIG_FILE!, 'utf8');
    expect(config.startsWith(USER_CONFIG)).toBe(true);
    expect(config).toContain(`[services kuhiro]\ndynamodb =\n  endpoint_url = ${nodeA!.url}\nlambda =\n  endpoint_url = ${nodeA!.url}\n`);
    expect(await readFile(join(appDir, '.env'), 'utf8')).toBe(`AWS_ENDPOINT_URL_DYNAMODB=${nodeA!.url}\nAWS_ENDPOINT_URL_LAMBDA=${nodeA!.url}\nAWS_PROFILE=kuhiro\n`);
    // As an app that loaded .env: SDK v3 reads a profile's endpoint_url from AWS_PROFILE only
    // (a client's own \`profile\` option does not select the services section).
    const saved = { config: process.env.AWS_CONFIG_FILE, profile: process.env.AWS_PROFILE };
    process.env.AWS_CONFIG_FILE = env.AWS_CONFIG_FILE;
    process.env.AWS_PROFILE = 'kuhiro';
    try {
      const viaProfile = new DynamoDBClient({});
      const found = await viaProfile.send(new GetItemCommand({ TableName: TABLE, Key: { name: { S: 'new-on-aws' } } }));
      expect(found.Item?.hits).toEqual({ N: '1' });
      viaProfile.destroy();
    } finally {
      for (const [name, value] of [['AWS_CONFIG_FILE', saved.config], ['AWS_PROFILE', saved.profile]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  }, 120_000);

  it('--dry-run shows the plan and changes nothing', async () => {
    const appDir = await copyHelloApp(root, 'dry-app');
    const env = isolatedAwsEnv(join(root, 'dry'), { KUHIRO_AWS_ENDPOINT: nodeB!.url });
    await rm(join(root, 'dry'), { recursive: true, force: true });
    expect((await runCliWithEnv(['deploy', '--app', appDir, '--endpoint', nodeA!.url], env)).code).toBe(0);
    await putAll(dynamoDbAt(nodeA!.url), 'dry-app-GreetingsTable', sampleItems(10));
    const run = await runCliWithEnv(['switch', 'aws', '--app', appDir, '--role-arn', 'arn:aws:iam::123456789012:role/x', '--dry-run'], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('(dry run: nothing is changed)');
    expect(run.stdout).toContain('  create     table     dry-app-GreetingsTable');
    expect(run.stdout).toContain('  dry-app-GreetingsTable: about 10 items would be copied');
    await expect(dynamoDbAt(nodeB!.url).send(new DescribeTableCommand({ TableName: 'dry-app-GreetingsTable' }))).rejects.toThrow();
    expect(await exists(join(appDir, '.kuhiro', 'deploy-aws.json'))).toBe(false);
    expect(await exists(join(appDir, '.env'))).toBe(false);
    expect(await exists(env.AWS_CONFIG_FILE!)).toBe(false);
  }, 120_000);

  it('an interrupted copy resumes from its checkpoint and still verifies', async () => {
    const table = 'resume-test-items';
    const definition = { KeySchema: [{ AttributeName: 'name', KeyType: 'HASH' as const }], AttributeDefinitions: [{ AttributeName: 'name', AttributeType: 'S' as const }], BillingMode: 'PAY_PER_REQUEST' as const };
    await dynamoDbAt(nodeA!.url).send(new CreateTableCommand({ TableName: table, ...definition }));
    await dynamoDbAt(nodeB!.url).send(new CreateTableCommand({ TableName: table, ...definition }));
    await putAll(dynamoDbAt(nodeA!.url), table, sampleItems(200));
    const checkpointPath = join(root, 'resume', 'copy.json');
    const lines: string[] = [];
    const base = {
      source: dynamoDbAt(nodeA!.url), target: dynamoDbAt(nodeB!.url), sourceName: 'edge:a', targetName: 'aws:b', tables: [table],
      checkpointPath, out: (line: string) => lines.push(line), pageSize: 10,
    };
    // Stop after about 60 items have been written (the checkpoint then holds each segment's position).
    const controller = new AbortController();
    let written = 0;
    const stopping = { ...silentProgress, increment: (by: number) => { written += by; if (written >= 60) controller.abort(); } };
    await expect(copyTables({ ...base, progress: stopping, signal: controller.signal })).rejects.toThrow(`copy interrupted; run the same command again to resume from ${checkpointPath}`);
    const checkpoint = JSON.parse(await readFile(checkpointPath, 'utf8')) as { tables: Record<string, { copied: number; lastKey?: unknown }[]> };
    const alreadyCopied = checkpoint.tables[table]!.reduce((sum, s) => sum + s.copied, 0);
    expect(alreadyCopied).toBeGreaterThanOrEqual(60);
    expect(alreadyCopied).toBeLessThan(200);
    expect(checkpoint.tables[table]!.some((segment) => segment.lastKey !== undefined)).toBe(true);

    const [result] = await copyTables({ ...base, progress: silentProgress });
    expect(result).toMatchObject({ table, resumed: true, verified: true, source: { count: 200 }, target: { count: 200 } });
    // Only what the first run had not finished was copied again.
    expect(result!.copied).toBe(200 - alreadyCopied);
    expect(lines.at(-1)).toContain(`resumed after ${alreadyCopied} already copied`);
    expect(await exists(checkpointPath)).toBe(false);
  }, 120_000);

  it('refuses an unknown target with exit code 2', async () => {
    const run = await runCliWithEnv(['switch', 'gcp', '--app', root], isolatedAwsEnv(root));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('kuhiro: target must be edge or aws, not gcp');
  });
});
