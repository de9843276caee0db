import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { isolatedAwsEnv, lambdaAt, tempDir } from '../app/appTestKit.js';
import { eventually, startDev, stopDev, type DevChild } from './devProcess.js';
import { freePortBlock } from '@kuhiro/replication';

const TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Resources:
  EchoFunction:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: net-echo
      CodeUri: src/
      Handler: index.handler
      Runtime: nodejs20.x
`;

function handler(version: number): string {
  return `exports.handler = async () => ({ version: ${version} });\n`;
}

let root: string;
let appDir: string;
let dev: DevChild | undefined;
let base: number;

beforeAll(async () => {
  root = await tempDir('dev-network');
  appDir = join(root, 'net-app');
  await mkdir(join(appDir, 'src'), { recursive: true });
  await writeFile(join(appDir, 'template.yaml'), TEMPLATE);
  await writeFile(join(appDir, 'src', 'index.js'), handler(1));
  base = await freePortBlock(2);
  dev = await startDev(['--dir', appDir, '--edges', '1', '--port', String(base)], isolatedAwsEnv(root), 120_000, true);
}, 150_000);

afterAll(async () => {
  await stopDev(dev);
  await rm(root, { recursive: true, force: true });
}, 60_000);

async function versionAt(endpoint: string): Promise<number> {
  const lambda = lambdaAt(endpoint);
  try {
    const result = await lambda.send(new InvokeCommand({ FunctionName: 'net-echo', Payload: Buffer.from('{}') }));
    return (JSON.parse(Buffer.from(result.Payload!).toString()) as { version: number }).version;
  } finally {
    lambda.destroy();
  }
}

describe('kuhiro dev on an edge network', () => {
  it('lists every PoP and the edge apps use', () => {
    expect(dev!.stdout()).toMatch(new RegExp(`^ {2}central\\s+http://127\\.0\\.0\\.1:${base}$`, 'm'));
    expect(dev!.stdout()).toMatch(new RegExp(`^ {2}edge-1\\s+http://127\\.0\\.0\\.1:${base + 1}$`, 'm'));
    expect(dev!.endpoint).toBe(`http://127.0.0.1:${base + 1}`);
  });

  it('a saved edit reaches every PoP', async () => {
    expect(await versionAt(`http://127.0.0.1:${base}`)).toBe(1);
    await writeFile(join(appDir, 'src', 'index.js'), handler(2));
    await eventually(async () => ((await versionAt(`http://127.0.0.1:${base + 1}`)) === 2 ? true : undefined), 30_000, 'new code at the edge');
    await eventually(async () => ((await versionAt(`http://127.0.0.1:${base}`)) === 2 ? true : undefined), 30_000, 'new code at central');
  }, 90_000);
});
