import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { startLambdaTestServer, type LambdaTestServer } from '../support/lambdaTestServer.js';
import { createFunction, invokeJson } from '../support/functions.js';

/** Each attempt returns "ok" or the error code it met. */
const PROBE = `
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const attempt = (fn) => { try { fn(); return 'ok'; } catch (error) { return error.code || error.message; } };
exports.handler = async (event) => {
  const tmpFile = path.join(os.tmpdir(), 'probe.txt');
  return {
    readNodeData: attempt(() => fs.readFileSync(path.join(event.dataDir, 'functions.json'))),
    listOtherFunctions: attempt(() => fs.readdirSync(path.join(event.dataDir, 'runtime', 'functions'))),
    readNodeCode: attempt(() => fs.readFileSync(event.nodeFile)),
    writeTaskRoot: attempt(() => fs.writeFileSync(path.join(process.env.LAMBDA_TASK_ROOT, 'x.txt'), 'x')),
    writeTmp: attempt(() => { fs.writeFileSync(tmpFile, 'tmp works'); if (fs.readFileSync(tmpFile, 'utf8') !== 'tmp works') throw new Error('readback'); }),
    otherEnvironmentsTmp: attempt(() => fs.readdirSync(path.dirname(os.tmpdir()))),
    symlinkOut: attempt(() => { fs.symlinkSync(event.dataDir, path.join(os.tmpdir(), 'escape')); fs.readFileSync(path.join(os.tmpdir(), 'escape', 'functions.json')); }),
    childProcess: attempt(() => require('node:child_process').execSync('echo hi')),
    signalTheNode: attempt(() => process.kill(process.ppid, 0)),
    replaceTheGuard: attempt(() => { process._kill = () => 0; if (process._kill(process.ppid, 0) === 0) throw new Error('guard replaced'); }),
    workerThread: attempt(() => new (require('node:worker_threads').Worker)('1', { eval: true })),
    nodeSecretVisible: process.env.KUHIRO_NODE_SECRET !== undefined,
    credentials: process.env.AWS_ACCESS_KEY_ID,
  };
};`;

describe('isolation', () => {
  let server: LambdaTestServer;
  beforeAll(async () => {
    process.env.KUHIRO_NODE_SECRET = 'the node keeps this';
    server = await startLambdaTestServer();
  });
  afterAll(async () => {
    delete process.env.KUHIRO_NODE_SECRET;
    await server.stop();
  });

  it('keeps function code out of the node\'s data, other functions\' code and the node\'s secrets', async () => {
    const client = server.client('tenant-iso');
    await createFunction(client, 'iso-neighbour', { 'index.js': 'exports.handler = async () => "secret code";' });
    await createFunction(client, 'iso-probe', { 'index.js': PROBE });
    const { output, payload } = await invokeJson(client, 'iso-probe', { dataDir: server.dataDir, nodeFile: path.resolve('package.json') });
    expect(output.FunctionError).toBeUndefined();
    expect(payload).toEqual({
      readNodeData: 'ERR_ACCESS_DENIED',
      listOtherFunctions: 'ERR_ACCESS_DENIED',
      readNodeCode: 'ERR_ACCESS_DENIED',
      writeTaskRoot: 'ERR_ACCESS_DENIED',
      writeTmp: 'ok',
      otherEnvironmentsTmp: 'ERR_ACCESS_DENIED',
      symlinkOut: 'ERR_ACCESS_DENIED',
      childProcess: 'ERR_ACCESS_DENIED',
      signalTheNode: 'EPERM',
      // Sloppy-mode assignment to the read-only guard is ignored: the guard still answers EPERM.
      replaceTheGuard: 'ok',
      workerThread: 'ERR_ACCESS_DENIED',
      nodeSecretVisible: false,
      credentials: 'tenant-iso',
    });
  });

  it('drops NODE_OPTIONS flags and loader variables that would widen the sandbox, keeping harmless ones', async () => {
    const client = server.client();
    await createFunction(client, 'iso-node-options', {
      'index.js': `exports.handler = async (event) => {
        let read;
        try { require('node:fs').readFileSync(event.file); read = 'ok'; } catch (error) { read = error.code; }
        return { read, nodeOptions: process.env.NODE_OPTIONS, preload: process.env.LD_PRELOAD ?? null, nodePath: process.env.NODE_PATH === event.nodePath, sourceMaps: process.sourceMapsEnabled };
      };`,
    }, { Environment: { Variables: { NODE_OPTIONS: '--allow-fs-read=* --allow-child-process --enable-source-maps', NODE_PATH: '/', NODE_REDIRECT_WARNINGS: '/tmp/x', LD_PRELOAD: 'libnothing.so' } } });
    const { payload } = await invokeJson(client, 'iso-node-options', { file: path.join(server.dataDir, 'functions.json'), nodePath: '/' });
    expect(payload).toEqual({ read: 'ERR_ACCESS_DENIED', nodeOptions: '--enable-source-maps', preload: null, nodePath: false, sourceMaps: true });
    expect(server.nodeLog.some((entry) => entry.level === 'warn' && entry.msg.includes('NODE_OPTIONS --allow-fs-read=*') && entry.msg.includes('NODE_REDIRECT_WARNINGS'))).toBe(true);
  });

  it('keeps other functions answering while one spins in an infinite loop', async () => {
    const client = server.client();
    await createFunction(client, 'iso-spinner', { 'index.js': 'exports.handler = async () => { while (true) {} };' }, { Timeout: 6 });
    await createFunction(client, 'iso-steady', { 'index.js': 'exports.handler = async () => "steady";' });
    let spinnerAnswered = false;
    const spinning = invokeJson(client, 'iso-spinner').finally(() => (spinnerAnswered = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Order, not a stopwatch: the steady function answers while the spinner still spins (until
    // its 6 s timeout), which a node blocked by the spinner could not do.
    expect((await invokeJson(client, 'iso-steady')).payload).toBe('steady');
    expect(spinnerAnswered).toBe(false);
    expect(((await spinning).payload as { errorType: string }).errorType).toBe('Sandbox.Timedout');
  });
});
