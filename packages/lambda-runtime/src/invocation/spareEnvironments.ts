import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { AWAIT_INIT_VARIABLE } from '../worker/spareInit.js';
import type { ExecutionEnvironment, Executor } from './executor.js';
import { linkCodeTree } from './linkCodeTree.js';
import { filterSandboxEnvironment } from './sandboxEnvironment.js';
import { processBaseEnvironment } from './workerEnvironment.js';

/**
 * Variables Node reads while it starts (NODE_OPTIONS, NODE_EXTRA_CA_CERTS, NODE_DEBUG, ...,
 * libuv's UV_*, the locale's LC_*, OpenSSL's SSL_CERT_*): a spare has started without them, so
 * a function that sets one starts its own process. NODE_ENV and NODE_TLS_REJECT_UNAUTHORIZED
 * are read when used, so they do not matter.
 */
const READ_AT_STARTUP = /^(NODE_(?!ENV$|TLS_REJECT_UNAUTHORIZED$)|UV_|LC_|SSL_CERT_)/;

export interface SpareEnvironmentsDeps {
  executor: Executor;
  /** Parent of the spares' slot folders (the environments' /tmp root: emptied at node start). */
  tmpRoot: string;
  sdkNodeModules: string | undefined;
  /** One spare is kept per size: `--max-old-space-size` is fixed when a process starts. */
  memorySizesMb: number[];
  log: (level: 'warn', msg: string, meta?: object) => void;
}

/** A spare handed to one function: its code goes to `taskRoot`, its /tmp is `tmpDir`. */
export interface ClaimedSpare {
  taskRoot: string;
  tmpDir: string;
  /** Puts the code package in place, then sends the function's environment; the process then loads the handler. */
  activate(codeRoot: string, env: Record<string, string>): ExecutionEnvironment;
}

interface Spare {
  memorySizeMb: number;
  slot: string;
  environment: ExecutionEnvironment;
  exited: boolean;
}

/**
 * Pre-started environments per node, not per function, so the first invocation of a function
 * created a moment ago does not wait for a process start (Node's boot is most of a cold start).
 * A spare runs the bootstrap under the same permission model as any environment, but its
 * readable task root is an empty folder of its own (`<slot>/task`, writable only `<slot>/tmp`),
 * and it waits for an `init` message. Claiming it links the function's code into that folder
 * and sends the function's environment variables; the spare then imports the handler. So the
 * sandbox is the one a dedicated process would have had: the code, the bootstrap, the SDK mirror
 * and its own /tmp. A spare's successor starts once the claimed one has loaded its handler (not
 * at once: on a small machine it would compete with that cold start). A spare that died
 * unclaimed is replaced at the next claim of its size, never in a loop.
 */
export class SpareEnvironments {
  private readonly spares = new Set<Spare>();
  /** Claimed spares still loading their handler, per size: each starts its successor when done. */
  private readonly successorsDue = new Map<number, number>();
  private closed = false;

  constructor(private readonly deps: SpareEnvironmentsDeps) {}

  startAll(): void {
    for (const memorySizeMb of new Set(this.deps.memorySizesMb)) this.start(memorySizeMb);
  }

  /** Whether a spare can run a function with these (unfiltered) environment variables. */
  canServe(functionVariables: Record<string, string>): boolean {
    const kept = filterSandboxEnvironment(functionVariables).variables;
    return !Object.keys(kept).some((name) => READ_AT_STARTUP.test(name));
  }

  /** The spare of this memory size, if one is running; its successor is started after it. */
  take(memorySizeMb: number): ClaimedSpare | undefined {
    if (this.closed || !this.deps.memorySizesMb.includes(memorySizeMb)) return undefined;
    const spare = [...this.spares].find((candidate) => candidate.memorySizeMb === memorySizeMb && !candidate.exited);
    if (!spare) {
      // The spare of this size died unclaimed (it leaves the set when it exits): replaced now.
      if ((this.successorsDue.get(memorySizeMb) ?? 0) === 0) this.start(memorySizeMb);
      return undefined;
    }
    this.spares.delete(spare);
    let succeeded = false;
    this.successorsDue.set(memorySizeMb, (this.successorsDue.get(memorySizeMb) ?? 0) + 1);
    const startSuccessor = (): void => {
      if (succeeded) return;
      succeeded = true;
      this.successorsDue.set(memorySizeMb, this.successorsDue.get(memorySizeMb)! - 1);
      this.start(memorySizeMb);
    };
    spare.environment.onMessage((message) => {
      if (message.type === 'ready' || message.type === 'initError') startSuccessor();
    });
    void spare.environment.exited.then(startSuccessor);
    return {
      taskRoot: path.join(spare.slot, 'task'),
      tmpDir: path.join(spare.slot, 'tmp'),
      activate: (codeRoot, env) => {
        linkCodeTree(codeRoot, path.join(spare.slot, 'task')).then(
          () => spare.environment.send({ type: 'init', env, title: `kuhiro environment (bootstrap.js, from a spare) ${codeRoot}` }),
          (error: unknown) => {
            // The environment then reports its exit as the init failure of the invocation that waits.
            this.deps.log('warn', `could not place code in a spare environment: ${(error as Error).message}`, { codeRoot });
            spare.environment.kill();
          },
        );
        return spare.environment;
      },
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    const spares = [...this.spares];
    this.spares.clear();
    for (const spare of spares) spare.environment.kill();
    await Promise.all(spares.map((spare) => spare.environment.exited));
  }

  private start(memorySizeMb: number): void {
    if (this.closed) return;
    const slot = mkdtempSync(path.join(this.deps.tmpRoot, 'spare-'));
    const taskRoot = path.join(slot, 'task');
    const tmpDir = path.join(slot, 'tmp');
    mkdirSync(taskRoot);
    mkdirSync(tmpDir);
    const { sdkNodeModules } = this.deps;
    const environment = this.deps.executor.start({
      taskRoot,
      readablePaths: [tmpDir, ...(sdkNodeModules ? [sdkNodeModules] : [])],
      env: { ...processBaseEnvironment(tmpDir, sdkNodeModules), [AWAIT_INIT_VARIABLE]: '1' },
      memorySizeMb,
      tmpDir,
    });
    const spare: Spare = { memorySizeMb, slot, environment, exited: false };
    this.spares.add(spare);
    void environment.exited.then(() => {
      spare.exited = true;
      this.spares.delete(spare);
      rmSync(slot, { recursive: true, force: true });
    });
  }
}
