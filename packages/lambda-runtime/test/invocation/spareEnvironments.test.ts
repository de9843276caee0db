import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EnvironmentSpec, ExecutionEnvironment, Executor } from '../../src/invocation/executor.js';
import { SpareEnvironments } from '../../src/invocation/spareEnvironments.js';
import type { ParentMessage, WorkerMessage } from '../../src/worker/protocol.js';

interface FakeEnvironment {
  spec: EnvironmentSpec;
  sent: ParentMessage[];
  emit(message: WorkerMessage): void;
  exit(description: string): void;
  killed: boolean;
}

/** Records every start; each environment is driven by the test. */
function fakeExecutor(): { executor: Executor; started: FakeEnvironment[] } {
  const started: FakeEnvironment[] = [];
  const executor: Executor = {
    runsSpares: true,
    start(spec) {
      const listeners: Array<(message: WorkerMessage) => void> = [];
      let exit!: (description: string) => void;
      const exited = new Promise<string>((resolve) => (exit = resolve));
      const fake: FakeEnvironment = { spec, sent: [], emit: (message) => listeners.forEach((listener) => listener(message)), exit, killed: false };
      const environment: ExecutionEnvironment = {
        send: (message) => fake.sent.push(message),
        onMessage: (listener) => listeners.push(listener),
        onOutput: () => {},
        exited,
        kill: () => {
          fake.killed = true;
          exit('signal: killed');
        },
      };
      started.push(fake);
      return environment;
    },
  };
  return { executor, started };
}

// A generous deadline: a loaded CI machine can stall the event loop for seconds.
const until = async (condition: () => boolean, timeoutMs = 20_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
};

describe('SpareEnvironments', () => {
  let root: string;
  let codeRoot: string;
  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'kuhiro-spares-unit-'));
    codeRoot = path.join(root, 'code');
    mkdirSync(path.join(codeRoot, 'lib'), { recursive: true });
    writeFileSync(path.join(codeRoot, 'index.js'), 'exports.handler = 1;');
    writeFileSync(path.join(codeRoot, 'lib', 'util.js'), 'module.exports = 2;');
    mkdirSync(path.join(root, 'tmp'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const spares = (executor: Executor, memorySizesMb = [128]) =>
    new SpareEnvironments({ executor, tmpRoot: path.join(root, 'tmp'), sdkNodeModules: '/sdk/node_modules', memorySizesMb, log: () => {} });

  it('starts one spare per size, in its own slot, waiting for its function', () => {
    const { executor, started } = fakeExecutor();
    spares(executor, [128, 256, 128]).startAll();
    expect(started.map((fake) => fake.spec.memorySizeMb)).toEqual([128, 256]);
    const [spec] = started.map((fake) => fake.spec);
    expect(path.dirname(spec!.taskRoot)).toBe(path.dirname(spec!.tmpDir));
    expect(spec!.readablePaths).toEqual([spec!.tmpDir, '/sdk/node_modules']);
    expect(spec!.env).toMatchObject({ KUHIRO_AWAIT_INIT: '1', NODE_PATH: '/sdk/node_modules', TMPDIR: spec!.tmpDir, HOME: spec!.tmpDir });
  });

  it('links the code into the claimed spare before sending the function\'s environment, then starts its successor once it is ready', async () => {
    const { executor, started } = fakeExecutor();
    const pool = spares(executor);
    pool.startAll();
    expect(pool.take(256)).toBeUndefined();
    const claimed = pool.take(128)!;
    expect(claimed.taskRoot).toBe(started[0]!.spec.taskRoot);
    claimed.activate(codeRoot, { _HANDLER: 'index.handler', LAMBDA_TASK_ROOT: claimed.taskRoot });
    await until(() => started[0]!.sent.length > 0);
    expect(started[0]!.sent).toEqual([
      { type: 'init', env: { _HANDLER: 'index.handler', LAMBDA_TASK_ROOT: claimed.taskRoot }, title: `kuhiro environment (bootstrap.js, from a spare) ${codeRoot}` },
    ]);
    // Hard links: the same file, not a copy.
    expect(statSync(path.join(claimed.taskRoot, 'lib', 'util.js')).ino).toBe(statSync(path.join(codeRoot, 'lib', 'util.js')).ino);
    expect(readFileSync(path.join(claimed.taskRoot, 'index.js'), 'utf8')).toBe('exports.handler = 1;');

    expect(started).toHaveLength(1);
    expect(pool.take(128)).toBeUndefined(); // its successor is not started yet, and not twice
    expect(started).toHaveLength(1);
    started[0]!.emit({ type: 'ready' });
    expect(started).toHaveLength(2);
    expect(pool.take(128)?.taskRoot).toBe(started[1]!.spec.taskRoot);
    await pool.close();
  });

  it('replaces a spare that died unclaimed at the next claim of its size, and stops spares on close', async () => {
    const { executor, started } = fakeExecutor();
    const pool = spares(executor);
    pool.startAll();
    started[0]!.exit('exit status 1');
    await new Promise((resolve) => setImmediate(resolve));
    expect(pool.take(128)).toBeUndefined();
    expect(started).toHaveLength(2);
    expect(pool.take(128)?.taskRoot).toBe(started[1]!.spec.taskRoot);
    pool.startAll();
    await pool.close();
    expect(started[2]!.killed).toBe(true);
  });

  it('serves only functions without variables Node reads at startup', () => {
    const pool = spares(fakeExecutor().executor);
    expect(pool.canServe({ TABLE: 't', NODE_ENV: 'production', NODE_TLS_REJECT_UNAUTHORIZED: '0' })).toBe(true);
    // Dropped from the sandbox anyway, so they do not count.
    expect(pool.canServe({ NODE_OPTIONS: '--allow-fs-read=*', LD_PRELOAD: 'x.so' })).toBe(true);
    expect(pool.canServe({ NODE_OPTIONS: '--enable-source-maps' })).toBe(false);
    expect(pool.canServe({ NODE_EXTRA_CA_CERTS: '/ca.pem' })).toBe(false);
    expect(pool.canServe({ UV_THREADPOOL_SIZE: '8' })).toBe(false);
    expect(pool.canServe({ LC_ALL: 'de_DE.UTF-8' })).toBe(false);
  });
});
