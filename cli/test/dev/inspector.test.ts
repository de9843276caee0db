import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { isolatedAwsEnv, lambdaAt, tempDir } from '../app/appTestKit.js';
import { CdpClient } from './cdpClient.js';
import { eventually, startDev, stopDev, type DevChild } from './devProcess.js';
import { freePort } from '@kuhiro/replication';

const TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Resources:
  DebugFunction:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: debug-me
      CodeUri: src/
      Handler: index.handler
      Runtime: nodejs20.x
      Timeout: 1
`;

/** The breakpoint goes on line 2 (0-based line 1): `const doubled = ...`. */
const HANDLER = `exports.handler = async (event) => {
  const doubled = event.n * 2;
  return { doubled };
};
`;

let root: string;
let dev: DevChild | undefined;
let inspectPort: number;

beforeAll(async () => {
  root = await tempDir('dev-inspect');
  const appDir = join(root, 'debug-app');
  await mkdir(join(appDir, 'src'), { recursive: true });
  await writeFile(join(appDir, 'template.yaml'), TEMPLATE);
  await writeFile(join(appDir, 'src', 'index.js'), HANDLER);
  inspectPort = await freePort();
  dev = await startDev(['--dir', appDir, '--inspect', 'DebugFunction', '--inspect-port', String(inspectPort)], isolatedAwsEnv(root));
}, 120_000);

afterAll(async () => {
  await stopDev(dev);
  await rm(root, { recursive: true, force: true });
}, 60_000);

describe('kuhiro dev --inspect', () => {
  it('prints the inspector port and what debugging changes', () => {
    expect(dev!.stdout()).toMatch(new RegExp(`inspect DebugFunction\\s+127\\.0\\.0\\.1:${inspectPort}`));
    expect(dev!.stdout()).toContain('timeout lifted');
  });

  it('stops at a breakpoint set over CDP, past the function timeout, and answers after resume', async () => {
    const targets = await eventually(async () => {
      const response = await fetch(`http://127.0.0.1:${inspectPort}/json/list`);
      const list = (await response.json()) as Array<{ webSocketDebuggerUrl: string }>;
      return list.length ? list : undefined;
    }, 30_000, 'inspector listening');
    const cdp = await CdpClient.connect(targets[0]!.webSocketDebuggerUrl);
    const lambda = lambdaAt(dev!.endpoint);
    try {
      await cdp.send('Debugger.enable');
      // The worker may still be loading the handler when we attach: a breakpoint by URL then has
      // no location yet and binds when the script is parsed, so only the pause below is checked.
      await cdp.send('Debugger.setBreakpointByUrl', { lineNumber: 1, urlRegex: 'task/index\\.js$' });

      const invocation = lambda.send(new InvokeCommand({ FunctionName: 'debug-me', Payload: Buffer.from('{"n":21}') }));
      const paused = await cdp.next('Debugger.paused');
      const frame = (paused.callFrames as Array<{ functionName: string; location: { scriptId: string; lineNumber: number } }>)[0]!;
      expect(frame.location.lineNumber).toBe(1);
      const script = cdp.received('Debugger.scriptParsed').find((parsed) => parsed.scriptId === frame.location.scriptId);
      expect(script?.url).toMatch(/task\/index\.js$/);
      // Held longer than the function's 1 s Timeout: debugging lifts it.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await cdp.send('Debugger.resume');
      const result = await invocation;
      expect(result.FunctionError).toBeUndefined();
      expect(JSON.parse(Buffer.from(result.Payload!).toString())).toEqual({ doubled: 42 });
    } finally {
      cdp.close();
      lambda.destroy();
    }
  }, 90_000);
});
