import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { strFromU8, unzipSync } from 'fflate';
import type { FunctionSpec } from '../../src/app/appModel.js';
import { zipDirectory } from '../../src/app/zipDirectory.js';
import { packageFunction, typescriptEntryOf } from '../../src/dev/functionPackage.js';
import { tempDir } from '../app/appTestKit.js';

let root: string;

function spec(codeDir: string, handler: string, environment: Record<string, string> = {}): FunctionSpec {
  return { logicalId: 'Fn', FunctionName: 'fn', codeDir, Handler: handler, Runtime: 'nodejs20.x', MemorySize: 128, Timeout: 3, Environment: environment, hasPolicies: false };
}

beforeAll(async () => {
  root = await tempDir('function-package');
  await mkdir(join(root, 'ts', 'lib'), { recursive: true });
  await mkdir(join(root, 'ts', 'node_modules', 'left-pad'), { recursive: true });
  await writeFile(join(root, 'ts', 'app.ts'), "import { greet } from './lib/greet.js';\nimport { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nexport const client = DynamoDBClient;\nexport const handler = async (): Promise<string> => greet('ts');\n");
  await writeFile(join(root, 'ts', 'lib', 'greet.ts'), 'export const greet = (name: string): string => `hello ${name}`;\n');
  await writeFile(join(root, 'ts', 'data.json'), '{"shipped":true}');
  await writeFile(join(root, 'ts', 'node_modules', 'left-pad', 'index.js'), 'module.exports = 1;');
  await mkdir(join(root, 'js'), { recursive: true });
  await writeFile(join(root, 'js', 'index.js'), 'exports.handler = async () => 1;');
  await writeFile(join(root, 'js', 'index.ts'), '// a source next to its compiled file: the .js is what runs');
  await mkdir(join(root, 'broken'), { recursive: true });
  await writeFile(join(root, 'broken', 'app.ts'), 'export const handler = async ( => 1;\n');
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('packageFunction', () => {
  it('bundles a TypeScript handler into the .mjs the runtime finds, with an inline source map and the SDK left external', async () => {
    const pkg = await packageFunction(spec(join(root, 'ts'), 'app.handler', { NODE_OPTIONS: '--no-deprecation' }));
    const files = unzipSync(pkg.code.zip);
    expect(Object.keys(files).sort()).toEqual(['app.mjs', 'data.json']);
    const bundle = strFromU8(files['app.mjs']!);
    expect(bundle).toContain('hello ${name}');
    expect(bundle).toMatch(/from "@aws-sdk\/client-dynamodb"/);
    expect(bundle).toContain('//# sourceMappingURL=data:application/json;base64,');
    const map = JSON.parse(Buffer.from(bundle.split('base64,').pop()!, 'base64').toString()) as { sources: string[]; sourceRoot: string };
    expect(map.sources.sort()).toEqual(['app.ts', 'lib/greet.ts']);
    // Resolved against the code folder on this machine: traces and debuggers show the developer's files.
    expect(map.sourceRoot).toBe(`${pathToFileURL(join(root, 'ts')).href}/`);
    expect(pkg.spec.Environment.NODE_OPTIONS).toBe('--no-deprecation --enable-source-maps');
    expect(pkg.typescriptEntry).toBe(join(root, 'ts', 'app.ts'));
    expect(pkg.bundleInputs.sort()).toEqual([join(root, 'ts', 'app.ts'), join(root, 'ts', 'lib', 'greet.ts')]);
  });

  it('gives the same package for the same sources (an unchanged function stays unchanged)', async () => {
    const first = await packageFunction(spec(join(root, 'ts'), 'app.handler'));
    const second = await packageFunction(spec(join(root, 'ts'), 'app.handler'));
    expect(second.code.sha256).toBe(first.code.sha256);
  });

  it('leaves JavaScript as it is: a .js beside the .ts is what runs', async () => {
    expect(await typescriptEntryOf(spec(join(root, 'js'), 'index.handler'))).toBeUndefined();
    const pkg = await packageFunction(spec(join(root, 'js'), 'index.handler'));
    expect(pkg.code.sha256).toBe((await zipDirectory(join(root, 'js'))).sha256);
    expect(pkg.spec.Environment).toEqual({});
  });

  it('names the file, line and column of a compile error', async () => {
    await expect(packageFunction(spec(join(root, 'broken'), 'app.handler'))).rejects.toThrow(/function Fn: cannot compile app\.ts: app\.ts:1:\d+: /);
  });
});
