import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ExecutionEnvironment } from '../../src/invocation/executor.js';
import { WorkerSpawner } from '../../src/invocation/workerSpawner.js';
import type { ParentMessage, WorkerMessage } from '../../src/worker/protocol.js';

/** A stand-in worker: echoes each message with its parent's pid, exits on request, writes to both streams. */
const ECHO_WORKER = `
process.on('message', (m) => {
  if (m.exit !== undefined) process.exit(m.exit);
  process.send({ echo: m, ppid: process.ppid, channelFdLeft: process.env.NODE_CHANNEL_FD ?? null });
});
process.on('disconnect', () => process.exit(0));
console.log('hello on stdout');
console.error('hello on stderr');
`;

async function waitFor<T>(probe: () => T | undefined, what: string): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('WorkerSpawner: workers started by a helper process, talked to directly', () => {
  let dir: string;
  let script: string;
  const spawners: WorkerSpawner[] = [];
  const started: ExecutionEnvironment[] = [];

  const start = (spawner: WorkerSpawner) => {
    const environment = spawner.start([script], dir, { PATH: process.env.PATH ?? '' });
    started.push(environment);
    const messages: Array<Record<string, unknown>> = [];
    let output = '';
    environment.onMessage((message: WorkerMessage) => void messages.push(message as unknown as Record<string, unknown>));
    environment.onOutput((text) => (output += text));
    return { environment, messages, output: () => output };
  };
  const newSpawner = () => {
    const spawner = new WorkerSpawner();
    spawners.push(spawner);
    return spawner;
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'kuhiro-spawner-'));
    script = path.join(dir, 'echo.cjs');
    await writeFile(script, ECHO_WORKER);
  });

  afterAll(async () => {
    for (const environment of started) environment.kill();
    await Promise.all(started.map((environment) => environment.exited));
    await Promise.all(spawners.map((spawner) => spawner.close()));
    await rm(dir, { recursive: true, force: true });
  }, 30_000);

  it('delivers messages both ways (also one of several MB, also sent before the process existed) and its output', async () => {
    const spawner = newSpawner();
    const worker = start(spawner);
    const big = 'x'.repeat(3 * 1024 * 1024);
    worker.environment.send({ n: 1 } as unknown as ParentMessage); // queued until the worker's channel arrives
    worker.environment.send({ n: 2, big } as unknown as ParentMessage);
    await waitFor(() => (worker.messages.length >= 2 ? true : undefined), 'two echoes');
    expect(worker.messages[0]!.echo).toEqual({ n: 1 });
    expect((worker.messages[1]!.echo as { big: string }).big.length).toBe(big.length);
    // Started by the helper, not by this process; the IPC fd variable is consumed as in a forked child.
    expect(worker.messages[0]!.ppid).not.toBe(process.pid);
    expect(worker.messages[0]!.channelFdLeft).toBeNull();
    await waitFor(() => (worker.output().includes('hello on stdout') && worker.output().includes('hello on stderr') ? true : undefined), 'output');
    // A second worker on the same helper.
    const second = start(spawner);
    second.environment.send({ n: 3 } as unknown as ParentMessage);
    await waitFor(() => second.messages[0], 'the second worker');
    expect(second.messages[0]!.ppid).toBe(worker.messages[0]!.ppid);
  }, 60_000);

  it('loses no output nor message written while the node is too busy to take the worker\'s sockets', async () => {
    const spawner = newSpawner();
    const worker = start(spawner);
    // The helper hands the sockets over one at a time, each acknowledged by this (now blocked) loop,
    // while the worker boots and writes to stdout and stderr.
    const until = Date.now() + 1_500;
    while (Date.now() < until) {
      // busy: no I/O for this process
    }
    worker.environment.send({ n: 1 } as unknown as ParentMessage);
    await waitFor(() => worker.messages[0], 'the echo');
    await waitFor(() => (worker.output().includes('hello on stdout') && worker.output().includes('hello on stderr') ? true : undefined), 'output');
  }, 60_000);

  it('reports exits in Lambda\'s words: exit status and signal: killed', async () => {
    const spawner = newSpawner();
    const exiting = start(spawner);
    exiting.environment.send({ exit: 3 } as unknown as ParentMessage);
    expect(await exiting.environment.exited).toBe('exit status 3');
    const killed = start(spawner);
    killed.environment.send({ n: 1 } as unknown as ParentMessage);
    await waitFor(() => killed.messages[0], 'the worker to run');
    killed.environment.kill();
    expect(await killed.environment.exited).toBe('signal: killed');
  }, 60_000);

  it('a command that cannot start is an exit with the reason; a dead helper takes its workers and is replaced', async () => {
    const spawner = newSpawner();
    const missing = spawner.start([path.join(dir, 'no-such-script.cjs')], dir, {});
    expect(await missing.exited).toBe('exit status 1');
    const badCwd = spawner.start([script], path.join(dir, 'no-such-dir'), {});
    expect(await badCwd.exited).toMatch(/^error: .*ENOENT/);

    const orphan = start(spawner);
    orphan.environment.send({ n: 1 } as unknown as ParentMessage);
    await waitFor(() => orphan.messages[0], 'the worker to run');
    process.kill(orphan.messages[0]!.ppid as number, 'SIGKILL');
    expect(await orphan.environment.exited).toBe('error: the worker spawner exited');
    const next = start(spawner);
    next.environment.send({ n: 2 } as unknown as ParentMessage);
    await waitFor(() => next.messages[0], 'a worker of the new helper');
    expect(next.messages[0]!.ppid).not.toBe(orphan.messages[0]!.ppid);
  }, 60_000);
});
