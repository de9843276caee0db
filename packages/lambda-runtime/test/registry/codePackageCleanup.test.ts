import { describe, it, expect, beforeEach, afterEach, afterAll, beforeAll } from '@jest/globals';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateFunctionCommand, InvokeCommand, UpdateFunctionCodeCommand, waitUntilFunctionActiveV2 } from '@aws-sdk/client-lambda';
import { CodePackageSweeper } from '../../src/invocation/codePackageSweeper.js';
import { CodeStore, tenantDirName } from '../../src/registry/codeStore.js';
import { FunctionRegistry } from '../../src/registry/functionRegistry.js';
import { StateFile } from '../../src/registry/stateFile.js';
import type { FunctionSettings, FunctionState } from '../../src/registry/types.js';
import { startLambdaTestServer, type LambdaTestServer } from '../support/lambdaTestServer.js';
import { zipCode } from '../support/zipCode.js';

const settings: FunctionSettings = { runtime: 'nodejs20.x', handler: 'index.handler', role: 'r', timeout: 3, memorySize: 128, description: '', environment: {} };
const source = (label: string) => ({ 'index.js': `exports.handler = async () => ${JSON.stringify(label)};` });

async function waitFor(probe: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('CodePackageSweeper', () => {
  let dir: string;
  let store: CodeStore;
  let registry: FunctionRegistry;
  let inUse: Set<string>;
  let sweeper: CodePackageSweeper;

  const packagesOnDisk = async () => (await store.storedPackages('t', 'fn')).sort();

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'kuhiro-sweeper-'));
    store = new CodeStore(path.join(dir, 'code'));
    registry = new FunctionRegistry('us-east-1', new StateFile<FunctionState[]>(path.join(dir, 'functions.json')), Date.now);
    inUse = new Set();
    sweeper = new CodePackageSweeper({ codeStore: store, registry, taskRootInUse: (root) => inUse.has(root), log: () => {}, graceMs: 0 });
  });

  afterEach(async () => {
    await sweeper.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('removes packages no version names, keeps $LATEST\'s and published versions\', and waits for running environments', async () => {
    const v1 = await store.store('t', 'fn', zipCode(source('v1')));
    const fn = registry.create('t', '000000000000', 'fn', settings, v1);
    const published = registry.publishVersion(fn); // version 1 keeps v1
    const v2 = await store.store('t', 'fn', zipCode(source('v2')));
    registry.updateLatest(fn, { code: v2 });
    const v3 = await store.store('t', 'fn', zipCode(source('v3')));
    registry.updateLatest(fn, { code: v3 });
    const v4 = await store.store('t', 'fn', zipCode(source('v4')));
    registry.updateLatest(fn, { code: v4 });
    inUse.add(store.taskRoot('t', 'fn', v3)); // a retired environment still finishing an invocation on v3

    expect(await sweeper.sweep('t', 'fn')).toBe(1); // v2
    expect(await packagesOnDisk()).toEqual([v1.sha256Hex, v3.sha256Hex, v4.sha256Hex].sort());
    inUse.clear();
    // The sweep that skipped v3 tries again by itself: v3 goes once its environment has.
    const expected = [v1.sha256Hex, v4.sha256Hex].sort().join();
    await waitFor(async () => (await packagesOnDisk()).join() === expected, 'v3 removed');
    await expect(readdir(store.taskRoot('t', 'fn', published.code))).resolves.toContain('index.js');

    registry.deleteVersion(fn, published.version);
    expect(await sweeper.sweep('t', 'fn')).toBe(1);
    expect(await packagesOnDisk()).toEqual([v4.sha256Hex]);
    await expect(readdir(store.taskRoot('t', 'fn', v4))).resolves.toContain('index.js');
  });

  it('leaves a package stored within the grace period (an upload not committed yet), and one stored again', async () => {
    const graceful = new CodePackageSweeper({ codeStore: store, registry, taskRootInUse: () => false, log: () => {}, graceMs: 60_000 });
    try {
      const v1 = await store.store('t', 'fn', zipCode(source('v1')));
      registry.create('t', '000000000000', 'fn', settings, v1);
      const pending = await store.store('t', 'fn', zipCode(source('uploaded, not committed')));
      expect(await graceful.sweep('t', 'fn')).toBe(0);
      expect(await packagesOnDisk()).toEqual([v1.sha256Hex, pending.sha256Hex].sort());
    } finally {
      await graceful.close();
    }
    // Storing the same bytes again after a removal unpacks them again.
    const again = zipCode(source('again'));
    const first = await store.store('t', 'fn', again);
    expect(await sweeper.sweep('t', 'fn')).toBe(2); // it and the upload never committed
    expect(await packagesOnDisk()).toEqual([registry.find('t', 'fn')!.latest.code.sha256Hex]);
    const second = await store.store('t', 'fn', again);
    expect(second.sha256Hex).toBe(first.sha256Hex);
    await expect(readdir(store.taskRoot('t', 'fn', second))).resolves.toContain('index.js');
  });
});

describe('UpdateFunctionCode leaves no unused packages behind (service)', () => {
  let server: LambdaTestServer;

  beforeAll(async () => {
    server = await startLambdaTestServer({ tuning: { codePackageGraceMs: 50 } });
  });

  afterAll(async () => {
    await server?.stop();
  }, 30_000);

  it('after several updates only $LATEST\'s and the published version\'s packages stay; both still run', async () => {
    const client = server.client('tenant-a');
    await client.send(new CreateFunctionCommand({ FunctionName: 'edited', Runtime: 'nodejs20.x', Role: 'arn:aws:iam::000000000000:role/r', Handler: 'index.handler', Code: { ZipFile: zipCode(source('v0')) } }));
    await waitUntilFunctionActiveV2({ client, maxWaitTime: 60 }, { FunctionName: 'edited' });
    const functionDir = path.join(server.dataDir, 'runtime', 'functions', tenantDirName('tenant-a'), 'edited');
    for (let edit = 1; edit <= 5; edit++) {
      await client.send(new UpdateFunctionCodeCommand({ FunctionName: 'edited', ZipFile: zipCode(source(`v${edit}`)), Publish: edit === 2 }));
      await client.send(new InvokeCommand({ FunctionName: 'edited' }));
    }
    const packageFolders = async () => (await readdir(functionDir)).filter((name) => /^[0-9a-f]{64}$/.test(name));
    await waitFor(async () => (await packageFolders()).length === 2, 'two packages left');
    expect((await readdir(functionDir)).filter((name) => name.endsWith('.zip'))).toHaveLength(2);
    const payload = async (qualifier?: string) =>
      Buffer.from((await client.send(new InvokeCommand({ FunctionName: 'edited', ...(qualifier ? { Qualifier: qualifier } : {}) }))).Payload!).toString('utf8');
    expect(await payload()).toBe('"v5"');
    expect(await payload('1')).toBe('"v2"');
    expect(server.service.listFunctionStates()).toHaveLength(1);
  }, 90_000);
});
