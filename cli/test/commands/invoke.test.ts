import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CreateFunctionCommand, PublishVersionCommand, CreateAliasCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { strToU8, zipSync } from 'fflate';
import { isolatedAwsEnv, lambdaAt, runCliWithEnv, startTestNode, stopTestNode, tempDir, type TestNode } from '../app/appTestKit.js';
import type { CliRun } from '../helpers/nodeProcess.js';
import { expectHttpV2Shape, expectScheduledShape, expectStreamShape } from '../events/eventShapes.js';

let node: TestNode | undefined;
let dir: string;
let env: Record<string, string>;
let lambda: LambdaClient;
/** Every CLI run of this file, started together once the functions exist; each test checks its own. */
let runs: Record<string, Promise<CliRun>>;

async function createFunction(name: string, source: string): Promise<void> {
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Role: 'arn:aws:iam::000000000000:role/test',
      Handler: 'index.handler',
      Code: { ZipFile: zipSync({ 'index.mjs': strToU8(source) }) },
    }),
  );
}

function invoke(args: string[]): Promise<CliRun> {
  return runCliWithEnv(['invoke', ...args, '--endpoint', node!.url], env);
}

/** Runs `kuhiro invoke` with `input` on its stdin. */
function invokeWithStdin(args: string[], input: string): Promise<CliRun> {
  return runCliWithEnv(['invoke', ...args, '--endpoint', node!.url], env, input);
}

beforeAll(async () => {
  dir = await tempDir('invoke');
  env = isolatedAwsEnv(dir);
  node = await startTestNode('invoke');
  lambda = lambdaAt(node.url);
  await createFunction('echo', "export const handler = async (event) => { console.log('echo got an event'); return event; };");
  await createFunction('fails', "export const handler = async () => { console.log('about to fail'); throw new TypeError('boom'); };");
  const { Version } = await lambda.send(new PublishVersionCommand({ FunctionName: 'echo' }));
  await lambda.send(new CreateAliasCommand({ FunctionName: 'echo', Name: 'live', FunctionVersion: Version! }));
  await writeFile(join(dir, 'event.json'), '{"name":"Ada","n":[1,2]}');
  await writeFile(join(dir, 'bad.json'), 'not json');
  // A CLI start is mostly module loading: started together, the runs overlap on a loaded 2-core machine.
  runs = {
    apigw: invoke(['echo', '--event', 'apigw-v2', '--method', 'POST', '--path', '/orders?limit=2', '--body', '{"sku":"A1"}']),
    functionUrl: invoke(['echo', '--event', 'function-url', '--header', 'Cookie: a=1']),
    stream: invoke(['echo', '--event', 'dynamodb-stream', '--table', 'orders', '--event-name', 'REMOVE', '--item', '{"id":"o1"}']),
    scheduled: invoke(['echo', '--event', 'scheduled', '--rule', 'nightly', '--qualifier', 'live']),
    file: invoke(['echo', '--payload', join(dir, 'event.json')]),
    empty: invoke(['echo']),
    stdin: invokeWithStdin(['echo', '--payload', '-'], '{"from":"stdin"}'),
    badJson: invoke(['echo', '--payload', join(dir, 'bad.json')]),
    both: invoke(['echo', '--payload', join(dir, 'event.json'), '--event', 'scheduled']),
    fails: invoke(['fails']),
    log: invoke(['echo', '--log']),
    unknown: invoke(['nope']),
    list: runCliWithEnv(['invoke', '--list-events'], env),
    printed: runCliWithEnv(['invoke', '--event', 'scheduled', '--print-event', '--account', '123456789012', '--region', 'eu-west-1'], env),
  };
  await Promise.allSettled(Object.values(runs));
}, 180_000);

afterAll(async () => {
  lambda?.destroy();
  await stopTestNode(node);
  await rm(dir, { recursive: true, force: true });
});

describe('kuhiro invoke with generated events', () => {
  it('apigw-v2 reaches the function as an HTTP API request', async () => {
    const run = await runs.apigw!;
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const event = JSON.parse(run.stdout) as Record<string, unknown>;
    expectHttpV2Shape(event);
    expect(event).toMatchObject({ rawPath: '/orders', queryStringParameters: { limit: '2' }, body: '{"sku":"A1"}', requestContext: { http: { method: 'POST' } } });
  });

  it('function-url', async () => {
    const run = await runs.functionUrl!;
    expect(run.code).toBe(0);
    const event = JSON.parse(run.stdout) as Record<string, unknown>;
    expectHttpV2Shape(event);
    expect(event.cookies).toEqual(['a=1']);
    expect((event.requestContext as { domainName: string }).domainName).toMatch(/\.lambda-url\.us-east-1\.on\.aws$/);
  });

  it('dynamodb-stream', async () => {
    const run = await runs.stream!;
    expect(run.code).toBe(0);
    const event = JSON.parse(run.stdout) as Record<string, unknown>;
    expectStreamShape(event);
    expect((event.Records as { dynamodb: unknown }[])[0]!.dynamodb).toMatchObject({ Keys: { id: { S: 'o1' } }, OldImage: { id: { S: 'o1' } } });
  });

  it('scheduled, on an alias', async () => {
    const run = await runs.scheduled!;
    expect(run.code).toBe(0);
    const event = JSON.parse(run.stdout) as Record<string, unknown>;
    expectScheduledShape(event);
    expect(event.resources).toEqual(['arn:aws:events:us-east-1:000000000000:rule/nightly']);
  });
});

describe('kuhiro invoke with a payload', () => {
  it('sends a JSON file as is; without a payload the function gets {}', async () => {
    const run = await runs.file!;
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ name: 'Ada', n: [1, 2] });
    expect(JSON.parse((await runs.empty!).stdout)).toEqual({});
  });

  it('reads the payload from stdin with -', async () => {
    const run = await runs.stdin!;
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ from: 'stdin' });
  });

  it('refuses a payload that is not JSON, and --event with --payload, as usage errors', async () => {
    const bad = await runs.badJson!;
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^kuhiro: --payload \S+bad\.json is not JSON: /);
    const both = await runs.both!;
    expect(both.code).toBe(2);
    expect(both.stderr).toBe('kuhiro: give either --event or --payload, not both\n');
  });
});

describe('kuhiro invoke results', () => {
  it('a function error prints the error payload, errorType and errorMessage, and exits 1', async () => {
    const run = await runs.fails!;
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ errorType: 'TypeError', errorMessage: 'boom' });
    expect(run.stderr).toBe('kuhiro: function error (Unhandled): TypeError: boom\n');
  });

  it('--log prints the decoded log tail to stderr', async () => {
    const run = await runs.log!;
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('echo got an event');
    expect(run.stderr).toMatch(/^START RequestId: /m);
    expect(run.stderr).toMatch(/^REPORT RequestId: /m);
  });

  it('an unknown function: the node answer, exit 1', async () => {
    const run = await runs.unknown!;
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('kuhiro: Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope');
  });

  it('--list-events needs no node or function', async () => {
    const run = await runs.list!;
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').filter(Boolean).map((line) => line.split(/\s+/)[0])).toEqual(['apigw-v2', 'function-url', 'dynamodb-stream', 'scheduled']);
  });

  it('--print-event prints the generated event without invoking', async () => {
    const run = await runs.printed!;
    expect(run.code).toBe(0);
    const event = JSON.parse(run.stdout) as Record<string, unknown>;
    expectScheduledShape(event);
    expect(event).toMatchObject({ account: '123456789012', region: 'eu-west-1' });
  });
});
