import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  CreateEventSourceMappingCommand,
  CreateFunctionUrlConfigCommand,
  DeleteEventSourceMappingCommand,
  DeleteFunctionCommand,
  GetAliasCommand,
  GetFunctionCommand,
  GetFunctionUrlConfigCommand,
  InvokeCommand,
  LambdaClient,
  ListEventSourceMappingsCommand,
  ListFunctionsCommand,
  ListTagsCommand,
  PublishVersionCommand,
  UpdateFunctionCodeCommand,
} from '@aws-sdk/client-lambda';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { strToU8, zipSync } from 'fflate';
import type { PopConfig } from '@kuhiro/replication';
import { makeTempDir } from '../helpers/tempDir.js';
import { freePorts, startPop, stopPop, waitFor, writeNetworkConfig, type PopProcess, type PopSpec } from './helpers/localNetwork.js';

const SECRET = 'function-replication-secret-0123';
const NAMES = ['central', 'edge-1', 'edge-2', 'edge-3'] as const;
type Name = (typeof NAMES)[number];
const alice = { accessKeyId: 'AKIDALICEFN', secretAccessKey: 'alice-secret' };
const bob = { accessKeyId: 'AKIDBOBFN', secretAccessKey: 'bob-secret' };
const ROLE = 'arn:aws:iam::111111111111:role/fn';

/** A handler that answers which code it is; `padding` makes the zip big enough to travel in several chunks. */
function codeZip(label: string, padding = 0): Uint8Array {
  const files: Record<string, Uint8Array> = {
    'index.mjs': strToU8(`export const handler = async (event) => ({ code: ${JSON.stringify(label)}, echo: event });\n`),
  };
  if (padding > 0) files['padding.bin'] = randomBytes(padding);
  return zipSync(files, { level: 0 });
}

/** The PoP process's children: its Lambda execution environments. */
/** The command lines of a PoP's worker processes (started by its spawner helper, so grandchildren of the PoP process). */
function environments(pop: PopProcess): string[] {
  const table = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ pid: Number(match[1]), ppid: Number(match[2]), args: match[3]! }));
  const children = new Set(table.filter((row) => row.ppid === pop.child.pid).map((row) => row.pid));
  return table.filter((row) => (children.has(row.pid) || children.has(row.ppid)) && row.args.includes('bootstrap.js')).map((row) => row.args);
}

function lambdaAt(pop: PopProcess, credentials = alice): LambdaClient {
  return new LambdaClient({ endpoint: pop.url, region: 'us-east-1', credentials, maxAttempts: 1 });
}

async function invoke(pop: PopProcess, functionName: string, payload: unknown, credentials = alice): Promise<unknown> {
  const client = lambdaAt(pop, credentials);
  try {
    const answer = await client.send(new InvokeCommand({ FunctionName: functionName, Payload: strToU8(JSON.stringify(payload)) }));
    if (answer.FunctionError) throw new Error(`function error: ${new TextDecoder().decode(answer.Payload)}`);
    return JSON.parse(new TextDecoder().decode(answer.Payload));
  } finally {
    client.destroy();
  }
}

/** Polls until the PoP lists the function at that CodeSha256 (undefined: until it is gone). */
async function waitForCode(pop: PopProcess, functionName: string, codeSha256: string | undefined, credentials = alice): Promise<void> {
  const client = lambdaAt(pop, credentials);
  try {
    await waitFor(`${functionName} at ${codeSha256 ?? 'deleted'} on ${pop.name}`, async () => {
      try {
        const fn = await client.send(new GetFunctionCommand({ FunctionName: functionName }));
        return fn.Configuration?.CodeSha256 === codeSha256 ? true : undefined;
      } catch (error) {
        if (codeSha256 === undefined && (error as Error).name === 'ResourceNotFoundException') return true;
        throw error;
      }
    }, 60_000);
  } finally {
    client.destroy();
  }
}

describe('Lambda functions replicate across the PoPs of a network (accounts mode)', () => {
  let temp: { path: string; remove(): Promise<void> };
  const specs = new Map<Name, PopSpec>();
  const pops = new Map<Name, PopProcess>();
  const pop = (name: Name) => pops.get(name)!;
  const client = (name: Name, credentials = alice) => lambdaAt(pop(name), credentials);

  beforeAll(async () => {
    temp = await makeTempDir('kuhiro-functions-');
    const credentialsFile = join(temp.path, 'credentials.json');
    await writeFile(credentialsFile, JSON.stringify({
      accounts: [
        { accountId: '111111111111', name: 'alice', keys: [alice] },
        { accountId: '222222222222', name: 'bob', keys: [bob] },
      ],
    }));
    const ports = new Map<Name, number>();
    const chosen = await freePorts(NAMES.length);
    NAMES.forEach((name, i) => ports.set(name, chosen[i]!));
    const popConfigs: PopConfig[] = NAMES.map((name) => ({ name, url: `http://127.0.0.1:${ports.get(name)!}`, role: name === 'central' ? 'central' : 'edge' }));
    const networkFile = join(temp.path, 'network.json');
    await writeNetworkConfig(networkFile, 'function-test', SECRET, popConfigs);
    for (const name of NAMES) specs.set(name, { name, port: ports.get(name)!, dataDir: join(temp.path, name), networkFile, credentialsFile });
    // edge-3 joins later (a test below starts it).
    for (const started of await Promise.all((['central', 'edge-1', 'edge-2'] as const).map((name) => startPop(specs.get(name)!)))) {
      pops.set(started.name as Name, started);
    }
  }, 120_000);

  afterAll(async () => {
    await Promise.all([...pops.values()].map((running) => stopPop(running)));
    await temp?.remove();
  }, 60_000);

  it('a function created on edge-1 runs on edge-2 and central, its code sent in chunks', async () => {
    // ~1.2 MB of incompressible padding: more than two replication code chunks.
    const created = await client('edge-1').send(new CreateFunctionCommand({
      FunctionName: 'greeter', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code: { ZipFile: codeZip('v1', 1_200_000) },
      Environment: { Variables: { GREETING: 'hello' } }, Tags: { team: 'edge' },
    }));
    for (const name of ['edge-2', 'central'] as const) await waitForCode(pop(name), 'greeter', created.CodeSha256);
    expect(await invoke(pop('edge-2'), 'greeter', { n: 1 })).toEqual({ code: 'v1', echo: { n: 1 } });
    const onEdge2 = await client('edge-2').send(new GetFunctionCommand({ FunctionName: 'greeter' }));
    expect(onEdge2.Configuration?.Environment?.Variables).toEqual({ GREETING: 'hello' });
    expect(onEdge2.Configuration?.RevisionId).toBe(created.RevisionId);
    expect(onEdge2.Configuration?.FunctionArn).toBe(created.FunctionArn);
    expect(onEdge2.Tags).toEqual({ team: 'edge' });
  }, 120_000);

  it('UpdateFunctionCode on edge-2 retires edge-1\'s warm environments of the old code; edge-1 runs the new code', async () => {
    expect(await invoke(pop('edge-1'), 'greeter', {})).toEqual({ code: 'v1', echo: {} }); // warm on edge-1
    expect(environments(pop('edge-1')).length).toBeGreaterThan(0);
    const updated = await client('edge-2').send(new UpdateFunctionCodeCommand({ FunctionName: 'greeter', ZipFile: codeZip('v2') }));
    await waitForCode(pop('edge-1'), 'greeter', updated.CodeSha256);
    // The old environments stop; edge-1 was warm, so the new code's spare starts at once (its task root names the new hash).
    const newHash = Buffer.from(updated.CodeSha256!, 'base64').toString('hex');
    await waitFor('edge-1 runs only the new code\'s spare', async () => {
      const running = environments(pop('edge-1'));
      return running.length === 1 && running[0]!.includes(newHash) ? true : undefined;
    }, 30_000);
    expect(await invoke(pop('edge-1'), 'greeter', {})).toEqual({ code: 'v2', echo: {} });
  }, 120_000);

  it('versions, aliases and function URLs replicate: version 1 means the same code on every PoP', async () => {
    const version = await client('edge-1').send(new PublishVersionCommand({ FunctionName: 'greeter' }));
    expect(version.Version).toBe('1');
    await client('edge-1').send(new CreateAliasCommand({ FunctionName: 'greeter', Name: 'live', FunctionVersion: '1' }));
    const url = await client('edge-1').send(new CreateFunctionUrlConfigCommand({ FunctionName: 'greeter', Qualifier: 'live', AuthType: 'NONE' }));
    const alias = await waitFor('alias on edge-2', async () => client('edge-2').send(new GetAliasCommand({ FunctionName: 'greeter', Name: 'live' })), 60_000);
    expect(alias.FunctionVersion).toBe('1');
    const v1 = await client('edge-2').send(new GetFunctionCommand({ FunctionName: 'greeter', Qualifier: '1' }));
    expect(v1.Configuration?.CodeSha256).toBe(version.CodeSha256);
    const urlOnEdge2 = await waitFor('url config on edge-2', async () => client('edge-2').send(new GetFunctionUrlConfigCommand({ FunctionName: 'greeter', Qualifier: 'live' })), 60_000);
    const urlId = new URL(url.FunctionUrl!).pathname;
    expect(new URL(urlOnEdge2.FunctionUrl!).pathname).toBe(urlId);
    const answer = await fetch(`${pop('edge-2').url}${urlId}?x=1`);
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { code: string }).code).toBe('v2');
  }, 120_000);

  it('functions of one account are invisible to another account on other PoPs', async () => {
    const bobsList = await client('edge-2', bob).send(new ListFunctionsCommand({}));
    expect(bobsList.Functions).toEqual([]);
    await expect(client('central', bob).send(new GetFunctionCommand({ FunctionName: 'greeter' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    // Bob's own function of the same name replicates in Bob's namespace only.
    const bobs = await client('edge-2', bob).send(new CreateFunctionCommand({
      FunctionName: 'greeter', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: 'arn:aws:iam::222222222222:role/fn', Code: { ZipFile: codeZip('bob') },
    }));
    await waitForCode(pop('edge-1'), 'greeter', bobs.CodeSha256, bob);
    expect(await invoke(pop('edge-1'), 'greeter', {}, bob)).toEqual({ code: 'bob', echo: {} });
    expect(await invoke(pop('edge-1'), 'greeter', {})).toEqual({ code: 'v2', echo: {} });
    const tags = await client('edge-1', bob).send(new ListTagsCommand({ Resource: bobs.FunctionArn! }));
    expect(tags.Tags ?? {}).toEqual({});
  }, 120_000);

  it('a PoP stopped during an update catches up after its restart', async () => {
    await stopPop(pop('edge-2'));
    pops.delete('edge-2');
    const updated = await client('edge-1').send(new UpdateFunctionCodeCommand({ FunctionName: 'greeter', ZipFile: codeZip('v3', 700_000) }));
    pops.set('edge-2', await startPop(specs.get('edge-2')!));
    await waitForCode(pop('edge-2'), 'greeter', updated.CodeSha256);
    expect(await invoke(pop('edge-2'), 'greeter', {})).toEqual({ code: 'v3', echo: {} });
  }, 120_000);

  it('a PoP started after the functions were created gets them', async () => {
    pops.set('edge-3', await startPop(specs.get('edge-3')!));
    const current = await client('edge-1').send(new GetFunctionCommand({ FunctionName: 'greeter' }));
    await waitForCode(pop('edge-3'), 'greeter', current.Configuration!.CodeSha256);
    expect(await invoke(pop('edge-3'), 'greeter', {})).toEqual({ code: 'v3', echo: {} });
    const bobs = await client('edge-2', bob).send(new GetFunctionCommand({ FunctionName: 'greeter' }));
    await waitForCode(pop('edge-3'), 'greeter', bobs.Configuration!.CodeSha256, bob);
  }, 120_000);

  it('a deletion replicates and wins over the older states', async () => {
    await client('edge-2').send(new DeleteFunctionCommand({ FunctionName: 'greeter' }));
    for (const name of ['edge-1', 'edge-3', 'central'] as const) await waitForCode(pop(name), 'greeter', undefined);
    await expect(client('edge-1').send(new InvokeCommand({ FunctionName: 'greeter' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    // Bob's function of the same name is another function: untouched.
    expect(await invoke(pop('edge-1'), 'greeter', {}, bob)).toEqual({ code: 'bob', echo: {} });
  }, 120_000);

  it('event source mappings replicate; each PoP delivers the writes made at it', async () => {
    const dynamo = (name: Name) => new DynamoDBClient({ endpoint: pop(name).url, region: 'us-east-1', credentials: alice, maxAttempts: 1 });
    const keySchema = { AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' as const }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' as const }], BillingMode: 'PAY_PER_REQUEST' as const };
    const orders = await dynamo('edge-1').send(new CreateTableCommand({ TableName: 'Orders', ...keySchema, StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' } }));
    await dynamo('edge-1').send(new CreateTableCommand({ TableName: 'Seen', ...keySchema }));
    // Records which PoP handled each stream record: the worker's endpoint is its own node.
    const recorder = zipSync({ 'index.mjs': strToU8(`
      import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
      const db = new DynamoDBClient({});
      export const handler = async (event) => {
        for (const record of event.Records) {
          await db.send(new PutItemCommand({ TableName: 'Seen', Item: { pk: record.dynamodb.Keys.pk, endpoint: { S: process.env.AWS_ENDPOINT_URL } } }));
        }
        return {};
      };
    `) });
    const fn = await client('edge-1').send(new CreateFunctionCommand({ FunctionName: 'recorder', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code: { ZipFile: recorder } }));
    const streamArn = orders.TableDescription!.LatestStreamArn!;
    const mapping = await client('edge-1').send(new CreateEventSourceMappingCommand({ FunctionName: 'recorder', EventSourceArn: streamArn, StartingPosition: 'LATEST', BatchSize: 1 }));
    await waitForCode(pop('edge-2'), 'recorder', fn.CodeSha256);
    await waitFor('Orders and Seen on edge-2', async () => {
      await dynamo('edge-2').send(new DescribeTableCommand({ TableName: 'Seen' }));
      return (await dynamo('edge-2').send(new DescribeTableCommand({ TableName: 'Orders' }))).Table?.LatestStreamArn === streamArn ? true : undefined;
    }, 60_000);
    await waitFor('the mapping enabled on edge-2', async () => {
      const listed = await client('edge-2').send(new ListEventSourceMappingsCommand({}));
      return listed.EventSourceMappings?.some((m) => m.UUID === mapping.UUID && m.State === 'Enabled') ? true : undefined;
    }, 60_000);

    await dynamo('edge-2').send(new PutItemCommand({ TableName: 'Orders', Item: { pk: { S: 'order-at-edge-2' } } }));
    const seen = await waitFor('the trigger at edge-2', async () => (await dynamo('edge-2').send(new GetItemCommand({ TableName: 'Seen', Key: { pk: { S: 'order-at-edge-2' } } }))).Item, 60_000);
    expect(seen.endpoint?.S).toBe(pop('edge-2').url);

    await client('edge-2').send(new DeleteEventSourceMappingCommand({ UUID: mapping.UUID }));
    await waitFor('the mapping gone on edge-1', async () => {
      const listed = await client('edge-1').send(new ListEventSourceMappingsCommand({}));
      return listed.EventSourceMappings?.length === 0 ? true : undefined;
    }, 60_000);
  }, 180_000);
});
