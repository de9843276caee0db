import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, rm, writeFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GetItemCommand, ListTablesCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { dynamoDbAt, isolatedAwsEnv, lambdaAt, tempDir } from '../app/appTestKit.js';
import { eventually, startDev, stopDev, type DevChild } from './devProcess.js';

const TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: nodejs20.x
    Timeout: 10
Resources:
  NotesTable:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: notes
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]
      KeySchema: [{ AttributeName: id, KeyType: HASH }]
  JsFunction:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: dev-js
      CodeUri: js/
      Handler: index.handler
      Environment:
        Variables:
          DECLARED: from-template
  TsFunction:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: dev-ts
      CodeUri: ts/
      Handler: app.handler
`;

const EXTRA_TABLE = `  AuditTable:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: audit
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]
      KeySchema: [{ AttributeName: id, KeyType: HASH }]
`;

function jsHandler(version: number): string {
  return `exports.handler = async () => ({ version: ${version}, declared: process.env.DECLARED, added: process.env.ADDED_BY_ENV_FILE });\n`;
}

const TS_UTIL = `export function shout(text: string): string {
  if (text === 'boom') {
    throw new Error('boom from util');
  }
  return text.toUpperCase();
}
`;

const TS_APP = `import { shout } from './util.js';

interface Event { text?: string }

export const handler = async (event: Event): Promise<{ said: string }> => ({ said: shout(event.text ?? 'hi') });
`;

let root: string;
let appDir: string;
let dev: DevChild | undefined;
let lambda: LambdaClient;

async function invoke(name: string, payload: unknown = {}): Promise<{ error?: string; body: Record<string, unknown> }> {
  const result = await lambda.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from(JSON.stringify(payload)) }));
  return { ...(result.FunctionError ? { error: result.FunctionError } : {}), body: JSON.parse(Buffer.from(result.Payload!).toString()) as Record<string, unknown> };
}

beforeAll(async () => {
  root = await tempDir('dev');
  appDir = join(root, 'notes-app');
  await mkdir(join(appDir, 'js'), { recursive: true });
  await mkdir(join(appDir, 'ts'), { recursive: true });
  await writeFile(join(appDir, 'template.yaml'), TEMPLATE);
  await writeFile(join(appDir, 'js', 'index.js'), jsHandler(1));
  await writeFile(join(appDir, 'ts', 'util.ts'), TS_UTIL);
  await writeFile(join(appDir, 'ts', 'app.ts'), TS_APP);
  await writeFile(join(appDir, '.env.dev'), '# local settings\nADDED_BY_ENV_FILE=yes\nDECLARED="overridden"\n');
  dev = await startDev(['--dir', appDir, '--env-file', join(appDir, '.env.dev')], isolatedAwsEnv(root));
  lambda = lambdaAt(dev.endpoint);
}, 120_000);

afterAll(async () => {
  lambda?.destroy();
  await stopDev(dev);
  await rm(root, { recursive: true, force: true });
}, 60_000);

describe('kuhiro dev', () => {
  it('prints the endpoint, the status page and the data folder, then watches', () => {
    expect(dev!.stdout()).toContain(`status page  ${dev!.endpoint}/_kuhiro/`);
    expect(dev!.stdout()).toContain(join(appDir, '.kuhiro', 'dev'));
  });

  it('adds the env file\'s variables to the functions, new ones and declared ones', async () => {
    const { body } = await invoke('dev-js');
    expect(body).toEqual({ version: 1, declared: 'overridden', added: 'yes' });
  });

  it('runs a saved handler edit on the next invokes, and prints the reload with its duration', async () => {
    await writeFile(join(appDir, 'js', 'index.js'), jsHandler(2));
    await eventually(async () => ((await invoke('dev-js')).body.version === 2 ? true : undefined), 30_000, 'new handler code');
    expect((await invoke('dev-js')).body.version).toBe(2);
    await eventually(async () => (/^reloaded JsFunction in \d+ ms$/m.test(dev!.stdout()) ? true : undefined), 30_000, 'reload line');
  }, 90_000);

  it('runs a TypeScript handler, and its thrown error\'s trace names the lines of the .ts files', async () => {
    expect((await invoke('dev-ts', { text: 'hey' })).body).toEqual({ said: 'HEY' });
    const failed = await invoke('dev-ts', { text: 'boom' });
    expect(failed.error).toBe('Unhandled');
    expect(failed.body.errorMessage).toBe('boom from util');
    const trace = (failed.body.trace as string[]).join('\n');
    // The frames point at the developer's own files (the source map's root), not the node's copy.
    expect(trace).toContain(`at shout (${join(appDir, 'ts', 'util.ts')}:3:11)`);
    expect(trace).toContain(`at handler (${join(appDir, 'ts', 'app.ts')}:5:`);
  });

  it('rebuilds a TypeScript function when a module it imports changes', async () => {
    await writeFile(join(appDir, 'ts', 'util.ts'), TS_UTIL.replace('text.toUpperCase()', "text.toUpperCase() + '!'"));
    await eventually(async () => ((await invoke('dev-ts', { text: 'hey' })).body.said === 'HEY!' ? true : undefined), 30_000, 'rebuilt bundle');
  }, 60_000);

  it('re-plans on a template edit: a new table appears, the data already stored stays', async () => {
    const dynamodb = dynamoDbAt(dev!.endpoint);
    try {
      await dynamodb.send(new PutItemCommand({ TableName: 'notes', Item: { id: { S: 'n1' }, text: { S: 'kept' } } }));
      const template = await readFile(join(appDir, 'template.yaml'), 'utf8');
      await writeFile(join(appDir, 'template.yaml'), template.replace('  JsFunction:\n', `${EXTRA_TABLE}  JsFunction:\n`));
      await eventually(async () => ((await dynamodb.send(new ListTablesCommand({}))).TableNames?.includes('audit') ? true : undefined), 30_000, 'new table');
      const item = await dynamodb.send(new GetItemCommand({ TableName: 'notes', Key: { id: { S: 'n1' } } }));
      expect(item.Item?.text).toEqual({ S: 'kept' });
      expect((await invoke('dev-js')).body.version).toBe(2);
      await eventually(async () => (/^reloaded app \(template changed: .*audit.*\) in \d+ ms$/m.test(dev!.stdout()) ? true : undefined), 30_000, 'app reload line');
    } finally {
      dynamodb.destroy();
    }
  }, 90_000);

  it('stops its nodes on SIGTERM and exits 0', async () => {
    const endpoint = dev!.endpoint;
    expect(await stopDev(dev)).toBe(0);
    await expect(fetch(`${endpoint}/_kuhiro/health`)).rejects.toThrow();
  }, 60_000);
});
