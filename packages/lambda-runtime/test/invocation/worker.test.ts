import { describe, expect, it } from '@jest/globals';
import type { ExecutionEnvironment } from '../../src/invocation/executor.js';
import { Worker } from '../../src/invocation/worker.js';
import type { ParentMessage, WorkerMessage } from '../../src/worker/protocol.js';

/** An environment driven by the test: it records what the node sends and emits what the test says. */
function fakeEnvironment() {
  const sent: ParentMessage[] = [];
  let onMessage: (message: WorkerMessage) => void = () => {};
  let exit!: (description: string) => void;
  let killed = false;
  const exited = new Promise<string>((resolve) => (exit = resolve));
  const environment: ExecutionEnvironment = {
    send: (message) => sent.push(message),
    onMessage: (listener) => (onMessage = listener),
    onOutput: () => {},
    exited,
    kill: () => {
      killed = true;
      exit('signal: killed');
    },
  };
  return { environment, sent, emit: (message: WorkerMessage) => onMessage(message), exit, killed: () => killed };
}

const invocation = { type: 'invoke' as const, requestId: 'r1', payload: '{}', deadlineMs: 0, invokedFunctionArn: 'arn' };

describe('Worker lifecycle', () => {
  it('goes starting -> idle -> busy -> idle around an invocation', async () => {
    const fake = fakeEnvironment();
    const worker = new Worker(fake.environment, () => 0, () => {});
    expect(worker.state).toBe('starting');
    fake.emit({ type: 'ready' });
    await worker.ready;
    expect(worker.state).toBe('idle');
    const lines: string[] = [];
    const outcome = worker.invoke(invocation, 1000, (line) => lines.push(line));
    expect(worker.state).toBe('busy');
    expect(fake.sent).toEqual([invocation]);
    fake.emit({ type: 'log', line: 'hello' });
    fake.emit({ type: 'result', requestId: 'r1', payload: '"ok"', memoryUsedMb: 50 });
    expect(await outcome).toEqual({ kind: 'success', payload: '"ok"', memoryUsedMb: 50 });
    expect(lines).toEqual(['hello']);
    expect(worker.state).toBe('idle');
  });

  it('kills an environment that runs past its timeout and never reuses it', async () => {
    const fake = fakeEnvironment();
    const worker = new Worker(fake.environment, () => 0, () => {});
    fake.emit({ type: 'ready' });
    expect(await worker.invoke(invocation, 20, () => {})).toEqual({ kind: 'timeout' });
    expect(fake.killed()).toBe(true);
    expect(worker.state).toBe('dead');
    expect((await worker.invoke(invocation, 20, () => {})).kind).toBe('exit');
  });

  it('reports an exit during an invocation and ends dead', async () => {
    const fake = fakeEnvironment();
    const worker = new Worker(fake.environment, () => 0, () => {});
    fake.emit({ type: 'ready' });
    const outcome = worker.invoke(invocation, 1000, () => {});
    fake.exit('exit status 3');
    expect(await outcome).toEqual({ kind: 'exit', description: 'exit status 3' });
    expect(worker.state).toBe('dead');
  });

  it('answers with the init error and retires the environment when init failed', async () => {
    const fake = fakeEnvironment();
    const worker = new Worker(fake.environment, () => 0, () => {});
    fake.emit({ type: 'initError', error: { errorType: 'Runtime.ImportModuleError', errorMessage: 'nope' } });
    await worker.ready;
    expect(await worker.invoke(invocation, 1000, () => {})).toEqual({ kind: 'initError', error: { errorType: 'Runtime.ImportModuleError', errorMessage: 'nope' } });
    expect(worker.state).toBe('dead');
    expect(fake.killed()).toBe(true);
  });

  it('ignores a message kind it does not know instead of failing', async () => {
    const fake = fakeEnvironment();
    const worker = new Worker(fake.environment, () => 0, () => {});
    expect(() => fake.emit({ type: 'surprise' } as unknown as WorkerMessage)).not.toThrow();
    expect(worker.state).toBe('starting');
  });
});
