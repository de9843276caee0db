import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startLambdaTestServer, type LambdaTestServer } from '../support/lambdaTestServer.js';
import { createFunction, invokeJson } from '../support/functions.js';

/** Where the environment runs from, what it may read, and the limits and variables it got. */
const PROBE = `
const fs = require('node:fs');
const path = require('node:path');
const v8 = require('node:v8');
const attempt = (fn) => { try { fn(); return 'ok'; } catch (error) { return error.code || error.message; } };
exports.handler = async (event, context) => ({
  taskRoot: process.env.LAMBDA_TASK_ROOT,
  // The context's function fields are read once per environment: a spare reads the function's, not its own.
  contextFunction: context.functionName + ' ' + context.memoryLimitInMB + ' ' + context.logGroupName,
  cwd: process.cwd(),
  tmpdir: require('node:os').tmpdir(),
  ownCode: attempt(() => fs.readFileSync(path.join(process.env.LAMBDA_TASK_ROOT, 'lib', 'data.json'))),
  ownCodeNested: require('./lib/data.json').nested,
  codeStoreCopy: attempt(() => fs.readdirSync(event.codeStore)),
  functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
  setting: process.env.MY_SETTING ?? null,
  spareMarker: process.env.KUHIRO_AWAIT_INIT ?? null,
  sdk: attempt(() => require.resolve('@aws-sdk/client-dynamodb')),  // found through the SDK mirror (NODE_PATH, walking up)
  heapLimitMb: Math.round(v8.getHeapStatistics().heap_size_limit / 1048576),
});`;
const FILES = { 'index.js': PROBE, 'lib/data.json': '{"nested":"yes"}' };

interface Probe {
  taskRoot: string;
  contextFunction: string;
  cwd: string;
  tmpdir: string;
  ownCode: string;
  ownCodeNested: string;
  codeStoreCopy: string;
  functionName: string;
  setting: string | null;
  spareMarker: string | null;
  sdk: string;
  heapLimitMb: number;
}

describe('spare environments (pre-started, claimed by the next function of their memory size)', () => {
  let server: LambdaTestServer;
  let dataDir: string;
  const spareRoot = () => path.join(dataDir, 'runtime', 'tmp') + path.sep;
  const codeStore = () => path.join(dataDir, 'runtime', 'functions');
  const probe = async (name: string): Promise<Probe> => {
    const { output, payload } = await invokeJson(server.client(), name, { codeStore: codeStore() });
    expect(output.FunctionError).toBeUndefined();
    return payload as Probe;
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'kuhiro-spares-'));
    server = await startLambdaTestServer({ dataDir, tuning: { spareMemorySizesMb: [128] } });
  });
  afterAll(async () => {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('runs a function of a spare\'s size in that spare, with its code linked in and the same sandbox', async () => {
    await createFunction(server.client(), 'spare-one', FILES, { Environment: { Variables: { MY_SETTING: 'on' } } });
    const first = await probe('spare-one');
    expect(first.taskRoot.startsWith(spareRoot())).toBe(true);
    expect(first).toMatchObject({
      cwd: first.taskRoot, ownCode: 'ok', ownCodeNested: 'yes', codeStoreCopy: 'ERR_ACCESS_DENIED', functionName: 'spare-one', setting: 'on', spareMarker: null,
      contextFunction: 'spare-one 128 /aws/lambda/spare-one',
    });
    expect(first.tmpdir.startsWith(spareRoot())).toBe(true);
    expect(first.sdk).toBe('ok');
    // MemorySize 128 bounds the old generation: V8's limit adds the young generation on top.
    expect(first.heapLimitMb).toBeGreaterThanOrEqual(128);
    expect(first.heapLimitMb).toBeLessThan(256);

    // The spare's successor serves the next function: its own folder, not the first one's.
    await createFunction(server.client(), 'spare-two', FILES);
    const second = await probe('spare-two');
    expect(second.taskRoot.startsWith(spareRoot())).toBe(true);
    expect(second.taskRoot).not.toBe(first.taskRoot);
    expect(second).toMatchObject({ functionName: 'spare-two', contextFunction: 'spare-two 128 /aws/lambda/spare-two', setting: null, ownCodeNested: 'yes', codeStoreCopy: 'ERR_ACCESS_DENIED' });
  });

  it('starts a dedicated process for another memory size or variables Node reads at startup', async () => {
    await createFunction(server.client(), 'spare-big', FILES, { MemorySize: 512 });
    await createFunction(server.client(), 'spare-ca', FILES, { Environment: { Variables: { NODE_EXTRA_CA_CERTS: '/nonexistent.pem' } } });
    for (const name of ['spare-big', 'spare-ca']) {
      const result = await probe(name);
      expect(result.taskRoot.startsWith(codeStore() + path.sep)).toBe(true);
      expect(result).toMatchObject({ cwd: result.taskRoot, ownCode: 'ok', ownCodeNested: 'yes', functionName: name });
    }
    expect((await probe('spare-big')).heapLimitMb).toBeGreaterThanOrEqual(512);
  });

  it('leaves no spare folder behind once the service has stopped', async () => {
    await server.stop();
    const left = await readdir(path.join(dataDir, 'runtime', 'tmp'));
    expect(left).toEqual([]);
  });
});
