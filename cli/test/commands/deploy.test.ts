import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DescribeTableCommand, DescribeTimeToLiveCommand, ListTagsOfResourceCommand } from '@aws-sdk/client-dynamodb';
import { GetFunctionCommand, GetFunctionUrlConfigCommand, InvokeCommand } from '@aws-sdk/client-lambda';
import { deployApp } from '../../src/app/deployApp.js';
import type { DeployState } from '../../src/app/deployState.js';
import { resolveTarget } from '../../src/app/target.js';
import {
  copyHelloApp, dynamoDbAt, isolatedAwsEnv, lambdaAt, runCliWithEnv, startTestNode, stopTestNode, tempDir, type TestNode,
} from '../app/appTestKit.js';

let edge: TestNode | undefined;
let fakeAws: TestNode | undefined;
let root: string;

beforeAll(async () => {
  root = await tempDir('deploy');
  [edge, fakeAws] = await Promise.all([startTestNode('edge'), startTestNode('fake-aws')]);
}, 120_000);

afterAll(async () => {
  await Promise.all([stopTestNode(edge), stopTestNode(fakeAws)]);
  await rm(root, { recursive: true, force: true });
});

async function stateOf(appDir: string, target: string): Promise<DeployState> {
  return JSON.parse(await readFile(join(appDir, '.kuhiro', `deploy-${target}.json`), 'utf8')) as DeployState;
}

describe('kuhiro deploy', () => {
  it('--help shows the options and an example', async () => {
    const run = await runCliWithEnv(['deploy', '--help'], isolatedAwsEnv(root));
    expect(run.code).toBe(0);
    for (const flag of ['--app', '--target', '--endpoint', '--region', '--role-arn', '--stack', '--dry-run']) expect(run.stdout).toContain(flag);
    expect(run.stdout).toContain('kuhiro deploy --app examples/hello-app');
  });

  it('creates the table, the function with its environment and a working URL; a second deploy changes nothing', async () => {
    const appDir = await copyHelloApp(root, 'hello-app');
    const env = isolatedAwsEnv(root);
    const first = await runCliWithEnv(['deploy', '--app', appDir, '--endpoint', edge!.url], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Plan:\n  create     table     hello-app-GreetingsTable\n  create     function  hello-app-HelloFunction\n  create     url       hello-app-HelloFunction');
    const state = await stateOf(appDir, 'edge');
    expect(state).toMatchObject({ target: 'edge', endpoint: edge!.url, stack: 'hello-app', tables: { GreetingsTable: { name: 'hello-app-GreetingsTable' } } });
    const url = state.functions.HelloFunction!.url!;
    expect(first.stdout).toContain(`Function URLs:\n  HelloFunction  ${url}`);

    const table = (await dynamoDbAt(edge!.url).send(new DescribeTableCommand({ TableName: 'hello-app-GreetingsTable' }))).Table!;
    expect(table.KeySchema).toEqual([{ AttributeName: 'name', KeyType: 'HASH' }]);
    expect(table.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    const tags = await dynamoDbAt(edge!.url).send(new ListTagsOfResourceCommand({ ResourceArn: table.TableArn! }));
    expect(tags.Tags).toEqual([{ Key: 'app', Value: 'hello-app' }]);
    const fn = (await lambdaAt(edge!.url).send(new GetFunctionCommand({ FunctionName: 'hello-app-HelloFunction' }))).Configuration!;
    expect(fn).toMatchObject({ Runtime: 'nodejs20.x', Handler: 'index.handler', MemorySize: 128, Timeout: 5 });
    // !Ref GreetingsTable resolved to the table's name.
    expect(fn.Environment?.Variables).toEqual({ TABLE_NAME: 'hello-app-GreetingsTable' });
    expect((await lambdaAt(edge!.url).send(new GetFunctionUrlConfigCommand({ FunctionName: 'hello-app-HelloFunction' }))).AuthType).toBe('NONE');

    // The function works: through its URL, and through Invoke.
    const viaUrl = await fetch(`${url}?name=Ada`);
    expect(viaUrl.status).toBe(200);
    expect(await viaUrl.json()).toEqual({ message: 'Hello, Ada!', hits: 1 });
    const invoked = await lambdaAt(edge!.url).send(new InvokeCommand({ FunctionName: 'hello-app-HelloFunction', Payload: JSON.stringify({ queryStringParameters: { name: 'Ada' } }) }));
    expect(JSON.parse(JSON.parse(Buffer.from(invoked.Payload!).toString()).body)).toEqual({ message: 'Hello, Ada!', hits: 2 });

    const second = await runCliWithEnv(['deploy', '--app', appDir, '--endpoint', edge!.url], env);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('  unchanged  table     hello-app-GreetingsTable\n  unchanged  function  hello-app-HelloFunction\n  unchanged  url       hello-app-HelloFunction');
    expect(second.stdout).toContain('No changes: stack hello-app on edge is up to date.');
  }, 120_000);

  it('updates what changed: code, environment, TTL and an index', async () => {
    const appDir = await copyHelloApp(root, 'changing-app');
    const env = isolatedAwsEnv(root);
    expect((await runCliWithEnv(['deploy', '--app', appDir, '--endpoint', edge!.url], env)).code).toBe(0);
    const template = await readFile(join(appDir, 'template.yaml'), 'utf8');
    await writeFile(
      join(appDir, 'template.yaml'),
      template
        .replace('          TABLE_NAME: !Ref GreetingsTable', '          TABLE_NAME: !Ref GreetingsTable\n          GREETING: hi')
        .replace('        - AttributeName: name\n          AttributeType: S', '        - AttributeName: name\n          AttributeType: S\n        - AttributeName: lang\n          AttributeType: S')
        .replace('      Tags:\n', '      TimeToLiveSpecification:\n        AttributeName: expiresAt\n        Enabled: true\n      GlobalSecondaryIndexes:\n        - IndexName: byLang\n          KeySchema:\n            - AttributeName: lang\n              KeyType: HASH\n          Projection:\n            ProjectionType: ALL\n      Tags:\n'),
    );
    await writeFile(join(appDir, 'src', 'extra.mjs'), 'export const extra = 1;\n');
    const dry = await runCliWithEnv(['deploy', '--app', appDir, '--endpoint', edge!.url, '--dry-run'], env);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('  update     table     changing-app-GreetingsTable (create index byLang; TTL on expiresAt)');
    expect(dry.stdout).toContain('  update     function  changing-app-HelloFunction (code; environment)');
    expect((await lambdaAt(edge!.url).send(new GetFunctionCommand({ FunctionName: 'changing-app-HelloFunction' }))).Configuration!.Environment?.Variables).not.toHaveProperty('GREETING');

    const run = await runCliWithEnv(['deploy', '--app', appDir, '--endpoint', edge!.url], env);
    expect(run.code).toBe(0);
    const fn = (await lambdaAt(edge!.url).send(new GetFunctionCommand({ FunctionName: 'changing-app-HelloFunction' }))).Configuration!;
    expect(fn.Environment?.Variables).toEqual({ TABLE_NAME: 'changing-app-GreetingsTable', GREETING: 'hi' });
    const table = (await dynamoDbAt(edge!.url).send(new DescribeTableCommand({ TableName: 'changing-app-GreetingsTable' }))).Table!;
    expect(table.GlobalSecondaryIndexes?.map((g) => g.IndexName)).toEqual(['byLang']);
    const ttl = await dynamoDbAt(edge!.url).send(new DescribeTimeToLiveCommand({ TableName: 'changing-app-GreetingsTable' }));
    expect(ttl.TimeToLiveDescription).toMatchObject({ AttributeName: 'expiresAt' });
    expect((await runCliWithEnv(['deploy', '--app', appDir, '--endpoint', edge!.url], env)).stdout).toContain('No changes');
  }, 120_000);

  it('--target aws with KUHIRO_AWS_ENDPOINT deploys there with exactly the expected API calls', async () => {
    const appDir = await copyHelloApp(root, 'aws-app');
    const env = isolatedAwsEnv(root, { KUHIRO_AWS_ENDPOINT: fakeAws!.url });
    const missingRole = await runCliWithEnv(['deploy', '--app', appDir, '--target', 'aws'], env);
    expect(missingRole.code).toBe(2);
    expect(missingRole.stderr).toContain('function HelloFunction has no Role in the template: pass --role-arn ARN');

    const calls: string[] = [];
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      const options = {
        appDir, target: resolveTarget('aws', {}, env), roleArn: 'arn:aws:iam::123456789012:role/hello', recorder: (name: string) => calls.push(name),
        out: () => undefined, warn: () => undefined,
      };
      const result = await deployApp(options);
      expect(result.state).toMatchObject({ target: 'aws', endpoint: fakeAws!.url, tables: { GreetingsTable: { name: 'aws-app-GreetingsTable' } } });
      // Plan (describe everything), then create, wait, create, wait, URL + its public policy.
      expect(calls).toEqual([
        'DescribeTableCommand', 'GetFunctionCommand',
        'CreateTableCommand', 'DescribeTableCommand',
        'CreateFunctionCommand', 'GetFunctionCommand',
        'CreateFunctionUrlConfigCommand', 'AddPermissionCommand', 'AddPermissionCommand',
        'GetFunctionUrlConfigCommand',
      ]);
      calls.length = 0;
      const again = await deployApp(options);
      expect(again.changed).toBe(false);
      expect(calls).toEqual([
        'DescribeTableCommand', 'DescribeTimeToLiveCommand', 'ListTagsOfResourceCommand', 'GetFunctionCommand', 'GetFunctionUrlConfigCommand',
        'GetFunctionUrlConfigCommand',
      ]);
    } finally {
      for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
      Object.assign(process.env, saved);
    }
    const fn = (await lambdaAt(fakeAws!.url).send(new GetFunctionCommand({ FunctionName: 'aws-app-HelloFunction' }))).Configuration!;
    expect(fn.Role).toBe('arn:aws:iam::123456789012:role/hello');
    expect(fn.Environment?.Variables).toEqual({ TABLE_NAME: 'aws-app-GreetingsTable' });
    const state = await stateOf(appDir, 'aws');
    const answer = await fetch(`${state.functions.HelloFunction!.url}?name=Grace`);
    expect(await answer.json()).toEqual({ message: 'Hello, Grace!', hits: 1 });
  }, 120_000);

  it('--network goes without --target aws (deploying to a network is tested in networkDeploy.test.ts)', async () => {
    const appDir = await copyHelloApp(root, 'net-app');
    const networkFile = join(root, 'kuhiro.network.json');
    await writeFile(networkFile, JSON.stringify({ networkId: 'n', secret: 's', pops: [{ name: 'edge-1', url: edge!.url, role: 'edge' }] }));
    const misuse = await runCliWithEnv(['deploy', '--app', appDir, '--network', networkFile, '--target', 'aws'], isolatedAwsEnv(root));
    expect(misuse.code).toBe(2);
  }, 120_000);

  it('refuses a broken template with exit code 2 and the resource name, changing nothing', async () => {
    const appDir = await copyHelloApp(root, 'broken-app');
    const template = await readFile(join(appDir, 'template.yaml'), 'utf8');
    await writeFile(join(appDir, 'template.yaml'), template.replace('      Handler: index.handler\n', ''));
    const run = await runCliWithEnv(['deploy', '--app', appDir, '--endpoint', edge!.url], isolatedAwsEnv(root));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('kuhiro: resource HelloFunction (AWS::Serverless::Function): Handler is required');
    await expect(dynamoDbAt(edge!.url).send(new DescribeTableCommand({ TableName: 'broken-app-GreetingsTable' }))).rejects.toThrow();
  });
});
