import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gatedEnvironment } from './debugGatedEnvironment.js';
import { InspectorPortGate } from './debugPortGate.js';
import type { EnvironmentSpec, ExecutionEnvironment, Executor } from './executor.js';
import { inspectorWorksUnderPermission, permissionArgs } from './permissionFlags.js';
import { WorkerSpawner } from './workerSpawner.js';

const BOOTSTRAP = fileURLToPath(new URL('../worker/bootstrap.js', import.meta.url));
/** The bootstrap's own files and the package.json that marks them as ES modules. */
export const BOOTSTRAP_READABLE_PATHS = [path.dirname(BOOTSTRAP), fileURLToPath(new URL('../../../package.json', import.meta.url))];

/**
 * Runs each environment as a `node` child process under the permission model: reads limited to
 * the code, the bootstrap and the SDK mirror; writes to its own /tmp only; no child processes or
 * worker threads; heap bounded by MemorySize. Processes are started by a helper process
 * (workerSpawner.ts), so starting one never blocks the node's event loop.
 *
 * A debugged environment (`spec.inspector`) also listens for an inspector client, with source
 * maps on, one process per port at a time. Where the permission model would switch the inspector
 * off (Node 20), that environment runs without the sandbox: debugging is a local, opt-in mode.
 */
export class ChildProcessExecutor implements Executor {
  private readonly inspectorPorts = new InspectorPortGate();
  private readonly spawner = new WorkerSpawner();
  readonly runsSpares = true;

  constructor() {
    // The helper boots with the node, not with the first function's first worker (a cold start).
    this.spawner.prepare();
  }

  /** Stops the spawner helper (and with it any worker still running). */
  close(): Promise<void> {
    return this.spawner.close();
  }

  start(spec: EnvironmentSpec): ExecutionEnvironment {
    const inspector = spec.inspector;
    if (!inspector) return this.spawnEnvironment(spec, []);
    return gatedEnvironment(this.inspectorPorts, inspector.port, () =>
      this.spawnEnvironment(spec, [`--inspect=${inspector.host}:${inspector.port}`, '--enable-source-maps']),
    );
  }

  private spawnEnvironment(spec: EnvironmentSpec, debugArgs: string[]): ExecutionEnvironment {
    const sandboxed = !spec.inspector || inspectorWorksUnderPermission();
    const sandbox = permissionArgs({ readable: [spec.taskRoot, ...BOOTSTRAP_READABLE_PATHS, ...spec.readablePaths], writable: [spec.tmpDir] });
    const args = [
      ...(sandboxed ? sandbox : []),
      ...(sandboxed && spec.inspector ? ['--allow-inspector'] : []),
      ...debugArgs,
      `--max-old-space-size=${spec.memorySizeMb}`,
      BOOTSTRAP,
    ];
    // Started by the spawner helper, not forked from here: a fork blocks this event loop (workerSpawner.ts).
    return this.spawner.start(args, spec.taskRoot, spec.env);
  }
}
