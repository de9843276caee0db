import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ParentMessage, WorkerMessage } from '../worker/protocol.js';
import { gatedEnvironment } from './debugGatedEnvironment.js';
import { InspectorPortGate } from './debugPortGate.js';
import type { EnvironmentSpec, ExecutionEnvironment, Executor } from './executor.js';
import { inspectorWorksUnderPermission, permissionArgs } from './permissionFlags.js';

const BOOTSTRAP = fileURLToPath(new URL('../worker/bootstrap.js', import.meta.url));
/** The bootstrap's own files and the package.json that marks them as ES modules. */
export const BOOTSTRAP_READABLE_PATHS = [path.dirname(BOOTSTRAP), fileURLToPath(new URL('../../../package.json', import.meta.url))];

/** Signal names as Lambda's runtime reports an exit ("Runtime exited with error: signal: killed"). */
const SIGNAL_TEXT: Record<string, string> = { SIGKILL: 'killed', SIGABRT: 'aborted', SIGSEGV: 'segmentation fault', SIGTERM: 'terminated' };

/**
 * Runs each environment as a `node` child process under the permission model: reads limited to
 * the code, the bootstrap and the SDK mirror; writes to its own /tmp only; no child processes or
 * worker threads; heap bounded by MemorySize.
 *
 * A debugged environment (`spec.inspector`) also listens for an inspector client, with source
 * maps on, one process per port at a time. Where the permission model would switch the inspector
 * off (Node 20), that environment runs without the sandbox: debugging is a local, opt-in mode.
 */
export class ChildProcessExecutor implements Executor {
  private readonly inspectorPorts = new InspectorPortGate();

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
    const child = spawn(process.execPath, args, { cwd: spec.taskRoot, env: spec.env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'], serialization: 'json' });
    const exited = new Promise<string>((resolve) => {
      child.once('exit', (code, signal) => resolve(signal ? `signal: ${SIGNAL_TEXT[signal] ?? signal}` : `exit status ${code ?? 0}`));
      child.once('error', (error) => resolve(`error: ${error.message}`));
    });
    child.stdout!.setEncoding('utf8');
    child.stderr!.setEncoding('utf8');
    return {
      send: (message: ParentMessage) => {
        if (child.connected) child.send(message);
      },
      onMessage: (listener) => child.on('message', (message) => listener(message as WorkerMessage)),
      onOutput: (listener) => {
        child.stdout!.on('data', listener);
        child.stderr!.on('data', listener);
      },
      exited,
      kill: () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      },
    };
  }
}
