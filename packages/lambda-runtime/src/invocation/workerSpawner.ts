import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { ParentMessage, WorkerMessage } from '../worker/protocol.js';
import { exitDescription } from './exitDescription.js';
import type { ExecutionEnvironment } from './executor.js';
import { JsonLineChannel } from './jsonLineChannel.js';
import type { FromSpawner, ToSpawner } from './spawnerProtocol.js';

const SPAWNER_MAIN = fileURLToPath(new URL('./spawnerMain.js', import.meta.url));
/** The spawner holds no data: a small heap keeps its own forks cheap. */
const SPAWNER_HEAP_MB = 32;

/** One worker as the node sees it while the spawner starts it: sends wait for its IPC socket. */
class SpawnedWorker implements ExecutionEnvironment {
  private channel: JsonLineChannel | undefined;
  private readonly queued: ParentMessage[] = [];
  private readonly messageListeners: Array<(message: WorkerMessage) => void> = [];
  private readonly outputSockets: Socket[] = [];
  private readonly outputListeners: Array<(text: string) => void> = [];
  private exit: string | undefined;
  private markExited!: (description: string) => void;
  readonly exited = new Promise<string>((resolve) => (this.markExited = resolve));
  pid: number | undefined;

  constructor(private readonly killRequest: () => void) {}

  send(message: ParentMessage): void {
    if (this.exit !== undefined) return;
    if (this.channel) this.channel.send(message);
    else this.queued.push(message);
  }

  onMessage(listener: (message: WorkerMessage) => void): void {
    this.messageListeners.push(listener);
  }

  onOutput(listener: (text: string) => void): void {
    this.outputListeners.push(listener);
  }

  kill(): void {
    if (this.exit === undefined) this.killRequest();
  }

  attachIpc(socket: Socket): void {
    this.channel = new JsonLineChannel(socket);
    this.channel.onMessage((message) => {
      for (const listener of this.messageListeners) listener(message as WorkerMessage);
    });
    for (const message of this.queued.splice(0)) this.channel.send(message);
  }

  attachOutput(socket: Socket): void {
    this.outputSockets.push(socket);
    socket.setEncoding('utf8');
    socket.on('data', (text: string) => {
      for (const listener of this.outputListeners) listener(text);
    });
    socket.on('error', () => socket.destroy());
  }

  /** The process is gone: reported once the worker's last messages have arrived (its IPC socket closed). */
  exitedWith(description: string): void {
    if (this.exit !== undefined) return;
    this.exit = description;
    const channel = this.channel;
    if (!channel) {
      this.markExited(description);
      return;
    }
    const timer = setTimeout(() => channel.close(), 1_000); // a worker's forgotten grandchild must not hold it
    void channel.closed().then(() => {
      clearTimeout(timer);
      this.markExited(description);
    });
  }
}

/**
 * Starts worker processes through a small helper process (spawnerMain.ts), so no fork ever
 * happens in the node: see that file for why. The helper starts with `prepare()` or the first
 * worker and is started again if it dies; the workers it had are then reported as exited.
 */
export class WorkerSpawner {
  private helper: ChildProcess | undefined;
  private readonly workers = new Map<number, SpawnedWorker>();
  private nextId = 1;
  /** Workers whose sockets have not all arrived: the helper's channel keeps the node alive meanwhile. */
  private inFlight = 0;

  /** Starts the helper now (it is unref'd: it keeps no process alive). */
  prepare(): void {
    this.helperProcess();
  }

  start(args: string[], cwd: string, env: Record<string, string>): ExecutionEnvironment {
    const helper = this.helperProcess();
    const id = this.nextId++;
    const worker = new SpawnedWorker(() => this.tell(helper, { type: 'kill', id }));
    this.workers.set(id, worker);
    this.holdOpen(+1);
    this.tell(helper, { type: 'spawn', id, args, cwd, env });
    return worker;
  }

  async close(): Promise<void> {
    const helper = this.helper;
    this.helper = undefined;
    if (!helper || helper.exitCode !== null || helper.signalCode !== null) return;
    const exited = new Promise((resolve) => helper.once('exit', resolve));
    // Disconnecting makes the helper stop its workers and exit.
    if (helper.connected) helper.disconnect();
    else helper.kill('SIGKILL');
    await exited;
  }

  private helperProcess(): ChildProcess {
    if (this.helper && this.helper.connected) return this.helper;
    const helper = spawn(process.execPath, [`--max-old-space-size=${SPAWNER_HEAP_MB}`, SPAWNER_MAIN], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'json',
      env: { PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin' },
    });
    helper.on('message', (message: FromSpawner, handle?: Socket) => this.onHelperMessage(message, handle));
    helper.once('exit', () => this.helperExited(helper));
    helper.once('error', () => this.helperExited(helper));
    // An idle node must be able to exit; holdOpen refs the channel while a start is under way.
    helper.unref();
    helper.channel?.unref();
    this.helper = helper;
    return helper;
  }

  private tell(helper: ChildProcess, message: ToSpawner): void {
    if (helper.connected) helper.send(message);
  }

  private onHelperMessage(message: FromSpawner, handle: Socket | undefined): void {
    const worker = this.workers.get(message.id);
    if (!worker) {
      handle?.destroy();
      return;
    }
    switch (message.type) {
      case 'stream':
        worker.pid = message.pid;
        if (!handle) return;
        if (message.stream === 'ipc') worker.attachIpc(handle);
        else worker.attachOutput(handle);
        if (message.stream === 'stderr') this.holdOpen(-1);
        return;
      case 'exit':
        this.workers.delete(message.id);
        worker.exitedWith(exitDescription(message.code, message.signal));
        return;
      case 'error':
        this.workers.delete(message.id);
        this.holdOpen(-1);
        worker.exitedWith(`error: ${message.message}`);
        return;
    }
  }

  private helperExited(helper: ChildProcess): void {
    if (this.helper === helper) this.helper = undefined;
    // Its workers were started by it; without it nobody reports their exit: stop them now.
    for (const [id, worker] of this.workers) {
      if (worker.pid !== undefined) {
        try {
          process.kill(worker.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      this.workers.delete(id);
      worker.exitedWith('error: the worker spawner exited');
    }
    this.inFlight = 0;
  }

  private holdOpen(delta: number): void {
    const before = this.inFlight;
    this.inFlight = Math.max(0, this.inFlight + delta);
    const channel = this.helper?.channel;
    if (!channel) return;
    if (before === 0 && this.inFlight > 0) channel.ref();
    else if (before > 0 && this.inFlight === 0) channel.unref();
  }
}
